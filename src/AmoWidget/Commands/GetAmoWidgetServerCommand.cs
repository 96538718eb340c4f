using System.Collections.Generic;
using System.Management.Automation;
using AmoWidget.DevLoop;

namespace AmoWidget.Commands
{
    /// <summary>
    /// Get-AmoWidgetServer: the session's running widget dev servers. The requests each one answered since the last
    /// Get- or Stop-AmoWidgetServer are written as verbose messages (a background server cannot write to the
    /// pipeline of the command that started it); every request is kept in the server's Requests.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AmoWidgetServer")]
    [OutputType(typeof(AmoWidgetServer))]
    public sealed class GetAmoWidgetServerCommand : AmoCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0, 65535)]
        public int[]? Port { get; set; }

        protected override void ProcessRecordCore()
        {
            foreach (AmoWidgetServer server in WidgetServerLookup.Find(this, Port))
            {
                WidgetServerLookup.ShowRequests(this, server);
                WriteObject(server);
            }
        }
    }

    /// <summary>What Get- and Stop-AmoWidgetServer share: finding servers by port, and showing their requests.</summary>
    internal static class WidgetServerLookup
    {
        public static IEnumerable<AmoWidgetServer> Find(AmoCmdlet cmdlet, int[]? ports) =>
            PortLookup.Find(cmdlet, WidgetServerRegistry.Current(), ports, s => s.Port, port => AmoCmdlet.NewError(ErrorIds.AmoWidgetServerNotFound, ErrorCategory.ObjectNotFound,
                $"No widget dev server of this session listens on port {port}.", port, recommendedAction: "Get-AmoWidgetServer lists the running ones."));

        public static void ShowRequests(AmoCmdlet cmdlet, AmoWidgetServer server)
        {
            foreach (AmoWidgetServerRequest request in server.TakeUnreported())
            {
                cmdlet.WriteVerbose($"{server.Url} {request}");
            }
        }
    }
}
