using PuppeteerSharp;

namespace PortKeeper.Integration.Tests.Status;

/// <summary>
/// Debian's Chromium (<c>/usr/bin/chromium</c>, which scripts/install-chromium.sh installs), headless,
/// driven over the DevTools protocol by PuppeteerSharp; nothing is downloaded. Each test takes a
/// context of its own, with its own cookies.
/// </summary>
public sealed class ChromiumBrowser : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly string _profile = Directory.CreateTempSubdirectory("portkeeper-chromium-").FullName;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"no Chromium at {ExecutablePath}: run scripts/install-chromium.sh (apt-get install chromium)");
        }
        Browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            UserDataDir = _profile,
            // The machine has no network but loopback: no sandbox (root), no GPU, no background connections.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A new page in a context of its own (no cookies shared with other tests), 1280 by 900.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.CreateBrowserContextAsync();
        var page = await context.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 1280, Height = 900 });
        return page;
    }

    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        await Browser.DisposeAsync();
        Directory.Delete(_profile, recursive: true);
    }
}
