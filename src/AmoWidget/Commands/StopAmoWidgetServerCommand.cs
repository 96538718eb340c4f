using System.Management.Automation;
using AmoWidget.DevLoop;

namespace AmoWidget.Commands
{
    /// <summary>
    /// Stop-AmoWidgetServer: stops the session's widget dev servers on the given ports (from the pipeline by property
    /// name, so Get-AmoWidgetServer pipes in), or all of them; the port is free when it returns.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Stop, "AmoWidgetServer", SupportsShouldProcess = true)]
    [OutputType(typeof(AmoWidgetServer))]
    public sealed class StopAmoWidgetServerCommand : AmoCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0, 65535)]
        public int[]? Port { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecordCore()
        {
            foreach (AmoWidgetServer server in WidgetServerLookup.Find(this, Port))
            {
                if (!ShouldProcess(server.Url.ToString(), "Stop the widget dev server"))
                {
                    continue;
                }

                WidgetServerRegistry.Stop(server);
                WidgetServerLookup.ShowRequests(this, server);
                WriteVerbose($"Stopped {server.Url} ({server.Requests.Length} requests answered).");
                if (PassThru)
                {
                    WriteObject(server);
                }
            }
        }
    }
}
