using System.Collections.Generic;
using System.Linq;
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
        public static IEnumerable<AmoWidgetServer> Find(AmoCmdlet cmdlet, int[]? ports)
        {
            IReadOnlyList<AmoWidgetServer> running = WidgetServerRegistry.Current();
            if (ports == null)
            {
                return running;
            }

            var found = new List<AmoWidgetServer>();
            foreach (int port in ports)
            {
                AmoWidgetServer? server = running.FirstOrDefault(s => s.Port == port);
                if (server == null)
                {
                    cmdlet.WriteError(AmoCmdlet.NewError(ErrorIds.AmoWidgetServerNotFound, ErrorCategory.ObjectNotFound,
                        $"No widget dev server of this session listens on port {port}.", port, recommendedAction: "Get-AmoWidgetServer lists the running ones."));
                }
                else
                {
                    found.Add(server);
                }
            }

            return found;
        }

        public static void ShowRequests(AmoCmdlet cmdlet, AmoWidgetServer server)
        {
            foreach (AmoWidgetServerRequest request in server.TakeUnreported())
            {
                cmdlet.WriteVerbose($"{server.Url} {request}");
            }
        }
    }
}
