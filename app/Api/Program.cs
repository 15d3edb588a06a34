using GistCloud.Api.Activity;
using GistCloud.Api.Docs;
using GistCloud.Api.Errors;
using GistCloud.Api.Health;
using GistCloud.Api.Hosting;
using GistCloud.Api.Security;
using GistCloud.Api.Seen;
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

// Order matters: the client's address first (the visit rate limit partitions by it); headers on every answer; the caller is known (401) before any body is looked at (413, 415, 400).
app.UseForwardedForWhenTrusted();
app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRouting();
app.UseSite();
app.UseAuthentication();
app.UseAuthorization();
app.UseRequestBodyLimit();
app.UseRateLimiter();

var endpoints = app.MapGroup("").AnswerHeadLikeGet();
endpoints.MapHealth();
// Every /api call needs a caller when sign-in is on (Auth:Authority); /health, the docs and the site stay public.
var api = endpoints.MapGroup("/api").RequireReader();
api.MapGroup("/users").MapUsers();
api.MapGroup("/users/{username}/visits").MapVisits();
api.MapGroup("/users/{username}").MapSeen();
api.MapGroup("/sync").MapSyncRuns();
api.MapGroup("/activity").MapActivity();
api.MapGroup("/me").MapMe();

endpoints.MapApiReference();

app.Run();

/// <summary>The API host; public so tests can start it with WebApplicationFactory.</summary>
public partial class Program;
