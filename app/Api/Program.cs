using GistCloud.Api.Docs;
using GistCloud.Api.Errors;
using GistCloud.Api.Health;
using GistCloud.Api.Hosting;
using GistCloud.Api.Site;
using GistCloud.Api.SyncRuns;
using GistCloud.Api.Users;
using GistCloud.Api.Visits;
using GistCloud.Core;
using GistCloud.Core.Configuration;

var builder = WebApplication.CreateBuilder(args);

builder.Configuration.AddSsmSecrets();
builder.AddGistCloudLogging();
builder.Services.AddGistCloudCore(builder.Configuration);
builder.Services.AddGistCloudApi(builder.Configuration);

var app = builder.Build();

app.UseForwardedHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestBodyLimit();
app.UseRateLimiter();
app.UseSite();

app.MapHealth();
app.MapGroup("/api/users").MapUsers();
app.MapGroup("/api/users/{username}/visits").MapVisits();
app.MapGroup("/api/sync").MapSyncRuns();

app.MapApiReference();

app.Run();

/// <summary>The API host; public so tests can start it with WebApplicationFactory.</summary>
public partial class Program;
