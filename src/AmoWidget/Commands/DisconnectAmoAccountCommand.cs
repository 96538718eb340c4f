using System.Management.Automation;
using AmoWidget.Api;

namespace AmoWidget.Commands
{
    /// <summary>Closes a connection (by default the session's) and forgets it as the default. The token cache file stays.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "AmoAccount")]
    [OutputType(typeof(void))]
    public sealed class DisconnectAmoAccountCommand : AmoConnectedCmdlet
    {
        protected override void ProcessRecordCore()
        {
            AmoConnection? connection = Connection ?? ConnectionStore.Current;
            if (connection == null)
            {
                WriteVerbose("There is no connection to close.");
                return;
            }

            if (ReferenceEquals(connection, ConnectionStore.Current))
            {
                ConnectionStore.Current = null;
            }

            WriteVerbose("Closing the connection to " + connection.BaseUri);
            connection.Dispose();
        }
    }
}
