using System.Text.Json;
using System.Text.Json.Serialization;
using GistCloud.Api.Activity;
using GistCloud.Api.Docs;
using GistCloud.Api.Errors;
using GistCloud.Api.Gists;
using GistCloud.Api.Security;
using GistCloud.Api.SyncRuns;
using GistCloud.Api.Visits;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace GistCloud.Api.Hosting;

/// <summary>Everything the HTTP edge needs, registered once: options, JSON, problem details, OpenAPI, table creation.</summary>
internal static class ApiServiceCollectionExtensions
{
    public const string RequestLogLevelKey = "Logging:RequestLogLevel";
    private const string RequestLogCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static IServiceCollection AddGistCloudApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiOptions>()
            .BindConfiguration(ApiOptions.SectionName)
            .PostConfigure(api => api.Key = string.IsNullOrWhiteSpace(api.Key) ? null : api.Key)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.ConfigureHttpJsonOptions(json =>
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = DefaultProblemDetails.Fill);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddAdminAuthorization(configuration);
        services.Configure<KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);
        services.AddForwardedFor();
        services.AddVisitRateLimit();
        services.AddSingleton<PipedriveLinks>();
        services.AddSingleton<ActivityRecorder>();
        services.AddHostedService<TableCreation>();
        services.AddHostedService<StartupWarnings>();
        services.AddSingleton<HostedSyncRunner>();
        services.AddHostedService(provider => provider.GetRequiredService<HostedSyncRunner>());
        services.AddApiDocumentation();
        return services;
    }

    /// <summary>
    /// Console logs only: JSON, one object per line (appsettings.json), which CloudWatch indexes;
    /// Development switches to single-line text for people (appsettings.Development.json).
    /// ASP.NET Core's two lines per request are at Warning outside Development: they cost /health a third of its
    /// throughput. <see cref="RequestLogLevelKey"/> sets their level without naming the category, whose dots a
    /// Lambda variable name cannot hold.
    /// </summary>
    public static WebApplicationBuilder AddGistCloudLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole();
        if (builder.Configuration[RequestLogLevelKey] is { Length: > 0 } requestLevel)
        {
            builder.Logging.AddFilter(RequestLogCategory, Enum.TryParse<LogLevel>(requestLevel, ignoreCase: true, out var level) && Enum.IsDefined(level)
                ? level
                : throw new InvalidOperationException($"{RequestLogLevelKey} must be a log level (Information, Warning, …), not '{requestLevel}'."));
        }

        return builder;
    }

}
