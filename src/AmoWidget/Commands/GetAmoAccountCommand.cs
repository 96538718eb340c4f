using System.Management.Automation;
using AmoWidget.Api;

namespace AmoWidget.Commands
{
    /// <summary>The account behind the connection (GET /api/v4/account).</summary>
    [Cmdlet(VerbsCommon.Get, "AmoAccount")]
    [OutputType(typeof(AmoAccountInfo))]
    public sealed class GetAmoAccountCommand : AmoConnectedCmdlet
    {
        protected override void ProcessRecordCore()
        {
            AmoConnection connection = RequireConnection();
            try
            {
                AmoAccountInfo account = Run(ct => AmoAccountApi.GetAccountAsync(connection, ct));
                connection.Account = account;
                WriteObject(account);
            }
            catch (AmoException ex)
            {
                ThrowAmoError(ex);
            }
        }
    }
}
