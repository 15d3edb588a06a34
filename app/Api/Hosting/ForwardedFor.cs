using GistCloud.Api.Security;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace GistCloud.Api.Hosting;

/// <summary>
/// The client's address behind the Lambda Web Adapter: with <see cref="ApiOptions.TrustForwardedFor"/>, the last
/// <c>X-Forwarded-For</c> entry becomes the remote address, but only on requests from loopback (the adapter).
/// Without it, the header is ignored and the connection's address is the client.
/// </summary>
internal static class ForwardedFor
{
    public static IServiceCollection AddForwardedFor(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>()
            .Configure<IOptions<ApiOptions>>((forwarded, api) =>
            {
                forwarded.ForwardedHeaders = api.Value.TrustForwardedFor ? ForwardedHeaders.XForwardedFor : ForwardedHeaders.None;

                // Loopback only: 127.0.0.0/8 and ::1, whatever the defaults of the framework become.
                forwarded.KnownIPNetworks.Clear();
                forwarded.KnownProxies.Clear();
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse("127.0.0.0/8"));
                forwarded.KnownProxies.Add(System.Net.IPAddress.IPv6Loopback);
                forwarded.ForwardLimit = 1;
            });
        return services;
    }

    /// <summary>The forwarded-headers middleware, only where it is trusted: elsewhere it would run on every request to do nothing.</summary>
    public static IApplicationBuilder UseForwardedForWhenTrusted(this IApplicationBuilder app) =>
        app.ApplicationServices.GetRequiredService<IOptions<ApiOptions>>().Value.TrustForwardedFor ? app.UseForwardedHeaders() : app;
}
