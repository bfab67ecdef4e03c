using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Dashboard;
using PortKeeper.Gateway.Endpoints;
using PortKeeper.Silo.Configuration;

namespace PortKeeper.Gateway.Status;

/// <summary>
/// The operators' browser surface: the status page's session cookie, the count of wrong tokens, the
/// recent refusals, and the Orleans Dashboard.
/// </summary>
public static class StatusHosting
{
    /// <summary>
    /// Registers the session cookie (its keys in memory only), the sign-in limit, the refusal buffer,
    /// and the Orleans Dashboard: its collectors in every silo, whatever the role (so that the dashboard
    /// of a gateway node has data from dedicated silos), and its client on a gateway node.
    /// </summary>
    public static IHostApplicationBuilder AddStatusPage(this IHostApplicationBuilder builder, PortKeeperSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        builder.Services.AddDataProtection();
        builder.Services.Configure<KeyManagementOptions>(keys => (keys.XmlRepository, keys.XmlEncryptor) = (new MemoryKeyRepository(), new NullXmlEncryptor()));
        builder.Services.AddAuthentication(StatusSession.Scheme).AddCookie(StatusSession.Scheme, StatusSession.Configure);
        builder.Services.AddAuthorization();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(services => new SignInGuard(SignInLimit.Default, services.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<RecentRefusals>();
        if (settings.Options.Role == NodeRole.Gateway)
        {
            builder.UseOrleansClient(client => client.AddDashboard());
        }
        else
        {
            builder.UseOrleans(silo => silo.AddDashboard());
        }
        return builder;
    }

    /// <summary>
    /// Reads the session cookie of every request, and maps the status page, its API and the dashboard
    /// (behind the session: a browser without one is sent to the sign-in form); without
    /// <c>--admin-token</c> the dashboard's path answers 403 saying how to turn it on.
    /// </summary>
    public static WebApplication UseStatusPage(this WebApplication app, PortKeeperSettings settings)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(settings);
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapStatusEndpoints();
        app.MapStatusApiEndpoints();
        if (settings.Options.AdminToken is null)
        {
            app.MapGet($"{StatusEndpoints.DashboardPath}/{{**path}}", () => AdminEndpoints.Problem(StatusCodes.Status403Forbidden, "Dashboard off",
                "start PortKeeper with --admin-token to use the dashboard, then sign in at /status")).WithName("DashboardOff");
        }
        else
        {
            app.MapOrleansDashboard(StatusEndpoints.DashboardPath)
                .RequireAuthorization(policy => policy.AddAuthenticationSchemes(StatusSession.Scheme).RequireAuthenticatedUser());
        }
        return app;
    }
}
