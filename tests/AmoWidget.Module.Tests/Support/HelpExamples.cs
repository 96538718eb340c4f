using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;

namespace AmoWidget.Tests
{
    /// <summary>
    /// Reads the installed help of the built module through Get-Help, and runs its examples the way a reader
    /// would: each in a fresh runspace, in a fresh temporary current folder that the setup of the example's area
    /// has prepared (see <see cref="SetupFor"/>).
    /// </summary>
    public static partial class HelpExamples
    {
        /// <summary>
        /// A widget folder <c>./widget</c> with a valid manifest.json: made by the module itself once
        /// New-AmoManifest and Export-AmoManifest exist, written as JSON text before that.
        /// </summary>
        public const string WidgetSetup = @"
if ((Get-Command New-AmoManifest, Export-AmoManifest -ErrorAction Ignore).Count -eq 2) {
    New-AmoManifest -Locale ru, en -SupportEmail dev@example.com -SupportLink https://example.com -Location lcard |
        Export-AmoManifest ./widget/manifest.json
}
else {
    $null = [IO.Directory]::CreateDirectory([IO.Path]::Combine($PWD.ProviderPath, 'widget'))
    [IO.File]::WriteAllText([IO.Path]::Combine($PWD.ProviderPath, 'widget', 'manifest.json'), $AmoExampleManifestJson)
}
";

        /// <summary>The manifest WidgetSetup writes while the cmdlets that make one do not exist yet.</summary>
        public const string ManifestJson = @"{
  ""widget"": {
    ""name"": ""widget.name"",
    ""description"": ""widget.description"",
    ""short_description"": ""widget.short_description"",
    ""version"": ""1.0.0"",
    ""interface_version"": 2,
    ""init_once"": false,
    ""locale"": [""ru"", ""en""],
    ""installation"": true,
    ""support"": {
      ""link"": ""https://example.com"",
      ""email"": ""dev@example.com""
    }
  },
  ""locations"": [""lcard-1""],
  ""settings"": {}
}
";

        /// <summary>
        /// Extra setup for one cmdlet, run after its area's setup. A cmdlet author whose examples need more than
        /// <c>./widget/manifest.json</c> (or the connected test account) adds one line here.
        /// </summary>
        public static readonly IReadOnlyDictionary<string, string> ExtraSetup = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
        };

        /// <summary>The account API cmdlets: their examples run against the loopback test server, connected first.</summary>
        private static readonly HashSet<string> ApiNouns = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "AmoAccount", "AmoWidgetPipeline", "AmoPipeline", "AmoRestMethod",
        };

        private static readonly HashSet<string> ApiCmdlets = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Get-AmoWidget", "Install-AmoWidget", "Uninstall-AmoWidget",

            // The simulators' examples post to http://127.0.0.1:5123/hooks/..., standing for the user's back end.
            "Send-AmoDpWebhook", "Send-AmoSalesbotRequest", "Send-AmoSmsRequest",
        };

        public static bool IsApiCmdlet(string cmdlet)
        {
            int dash = cmdlet.IndexOf('-');
            return ApiCmdlets.Contains(cmdlet) || (dash > 0 && ApiNouns.Contains(cmdlet.Substring(dash + 1)));
        }

        /// <summary>
        /// Starts the loopback account API for the examples of one API cmdlet and says how to connect to it.
        /// Implemented beside the test server's in-process class (HelpExamples.Api.cs, the API area's file); while
        /// it is not, <paramref name="setup"/> stays null and API examples fail with a message saying so.
        /// </summary>
        static partial void StartApiSetup(ref HelpExampleSetup? setup);

        /// <summary>The setup of a cmdlet's area: a connected loopback account for API cmdlets, a widget folder otherwise.</summary>
        public static HelpExampleSetup SetupFor(string cmdlet)
        {
            HelpExampleSetup setup;
            if (IsApiCmdlet(cmdlet))
            {
                HelpExampleSetup? api = null;
                StartApiSetup(ref api);
                setup = api ?? throw new InvalidOperationException(
                    $"{cmdlet} is an account API cmdlet: its help examples run against the loopback test server, " +
                    "and HelpExamples.StartApiSetup (tests/AmoWidget.Module.Tests/Support/HelpExamples.Api.cs) is not implemented yet.");
            }
            else
            {
                setup = new HelpExampleSetup(WidgetSetup);
                setup.Variables["AmoExampleManifestJson"] = ManifestJson;
            }

            if (ExtraSetup.TryGetValue(cmdlet, out string? extra))
            {
                setup.Script += "\n" + extra;
            }

            return setup;
        }

        /// <summary>Every cmdlet the built module exports (those that exist, not only those the psd1 lists).</summary>
        public static List<string> ExportedCmdlets() =>
            PsRunner.Run("Get-Command -Module AmoWidget -CommandType Cmdlet | ForEach-Object Name").ShouldSucceed()
                .Output.Select(o => o.ToString()).OrderBy(n => n, StringComparer.Ordinal).ToList();

        /// <summary>The examples of a cmdlet as the installed help gives them (Get-Help -Full).</summary>
        public static List<(string Title, string Code)> Examples(string cmdlet)
        {
            PsResult r = PsRunner.Run(
                "@((Get-Help -Name $name -Full).examples.example).Where{ $null -ne $_ }.ForEach{ ,@([string]$_.title, [string]$_.code) }",
                "name", cmdlet).ShouldSucceed();
            return r.Output.Select(o => (object[])o.BaseObject)
                .Select(pair => (((string)pair[0]).Trim('-', ' '), (string)pair[1]))
                .ToList();
        }

        /// <summary>
        /// Runs one example of <paramref name="cmdlet"/> after its area's setup, in a fresh runspace and a fresh
        /// temporary current folder (PowerShell's location and the process's, for .NET calls in examples).
        /// A failing setup is reported as such, not as a failing example.
        /// </summary>
        public static PsResult Run(string cmdlet, string code)
        {
            using var folder = new TempDir();
            HelpExampleSetup setup = SetupFor(cmdlet);
            using (setup)
            {
                var variables = new Dictionary<string, object?>(setup.Variables)
                {
                    ["AmoExampleFolder"] = folder.Path,
                    ["AmoExampleSetup"] = setup.Script,
                    ["AmoExampleCode"] = code,
                };
                const string script = @"
$null = $ExecutionContext.SessionState.Path.SetLocation($AmoExampleFolder)
try {
    $ErrorActionPreference = 'Stop'
    . ([scriptblock]::Create($AmoExampleSetup))
}
catch {
    throw ""The example setup failed (not the example): $_""
}
$ErrorActionPreference = 'Continue'
. ([scriptblock]::Create($AmoExampleCode))
";
                string previous = Environment.CurrentDirectory;
                Environment.CurrentDirectory = folder.Path;
                try
                {
                    return PsRunner.Run(script, variables);
                }
                finally
                {
                    Environment.CurrentDirectory = previous;
                }
            }
        }
    }

    /// <summary>What runs before an example: a script, the variables it needs, and what to stop afterwards (a server).</summary>
    public sealed class HelpExampleSetup : IDisposable
    {
        private readonly IDisposable? _resource;

        public HelpExampleSetup(string script, IDisposable? resource = null)
        {
            Script = script;
            _resource = resource;
        }

        public string Script { get; set; }

        public Dictionary<string, object?> Variables { get; } = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);

        public void Dispose() => _resource?.Dispose();
    }
}
