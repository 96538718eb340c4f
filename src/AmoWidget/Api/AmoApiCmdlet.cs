using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Specialized;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using System.Threading;
using System.Threading.Tasks;

namespace AmoWidget.Api
{
    /// <summary>
    /// Shared plumbing of the account API cmdlets: running a core call while its verbose messages are shown, and Ctrl+C (StopProcessing) cancelling the request
    /// in flight.
    /// </summary>
    public abstract class AmoApiCmdlet : AmoCmdlet, IDisposable
    {
        internal const string NotConnected = "AmoNotConnected";

        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        public void Dispose() => _stop.Dispose();

        protected override void StopProcessing() => _stop.Cancel();

        /// <summary>The connection to use, or a terminating error that says to connect first.</summary>
        internal AmoConnection RequireConnection(AmoConnection? given)
        {
            AmoConnection? connection = given ?? ConnectionStore.Current;
            if (connection == null)
            {
                ThrowTerminatingError(NewError(NotConnected, ErrorCategory.InvalidOperation,
                    "There is no account connection in this session. Run Connect-AmoAccount first, or pass -Connection.", null,
                    recommendedAction: "Connect-AmoAccount -Subdomain <account> -AccessToken (Read-Host -AsSecureString)"));
            }

            return connection!;
        }

        /// <summary>Runs a core call to the end on this thread, writing its verbose messages as they come.</summary>
        internal T Run<T>(Func<CancellationToken, Task<T>> call)
        {
            var messages = new ConcurrentQueue<string>();
            AmoApiClient.Log = messages.Enqueue;
            Task<T> task;
            try
            {
                task = call(_stop.Token);
            }
            finally
            {
                AmoApiClient.Log = null;
            }

            while (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(50))
            {
                Drain(messages);
            }

            Drain(messages);
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        internal void Run(Func<CancellationToken, Task> call) => Run(async ct =>
        {
            await call(ct).ConfigureAwait(false);
            return true;
        });

        /// <summary>
        /// Problems of one item (a widget that does not exist, a refused install) let the pipeline go on; those of the
        /// connection (token, network, limits) would repeat for every item, so they stop the command.
        /// </summary>
        internal void Fail(AmoException ex, object? target)
        {
            switch (ex.ErrorId)
            {
                case AmoApiErrorIds.NotFound:
                case AmoApiErrorIds.ValidationFailed:
                case AmoApiErrorIds.BadRequest:
                case AmoApiErrorIds.ResponseInvalid:
                case AmoApiErrorIds.WidgetSettingRequired:
                case AmoApiErrorIds.WidgetSettingInvalid:
                case AmoApiErrorIds.MethodNotAllowed:
                case AmoApiErrorIds.RequestFailed:
                    WriteAmoError(ex, target);
                    break;
                default:
                    ThrowAmoError(ex, target);
                    break;
            }
        }

        /// <summary>PowerShell values as plain data for the core: PSObjects unwrapped, SecureStrings and PSCredentials revealed.</summary>
        internal static object? ToPlain(object? value)
        {
            switch (value)
            {
                case null:
                    return null;
                case PSObject pso when pso.BaseObject is PSCustomObject:
                    var obj = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
                    foreach (PSPropertyInfo p in pso.Properties)
                    {
                        obj[p.Name] = ToPlain(p.Value);
                    }

                    return obj;
                case PSObject pso:
                    return ToPlain(pso.BaseObject);
                case SecureString secure:
                    return Reveal(secure);
                case PSCredential credential:
                    return new OrderedDictionary { ["login"] = credential.UserName, ["password"] = Reveal(credential.Password) };
                case string _:
                    return value;
                case IDictionary dict:
                    var copy = new OrderedDictionary();
                    foreach (DictionaryEntry e in dict)
                    {
                        copy[ToPlain(e.Key) ?? string.Empty] = ToPlain(e.Value);
                    }

                    return copy;
                case IEnumerable items:
                    var list = new ArrayList();
                    foreach (object? item in items)
                    {
                        list.Add(ToPlain(item));
                    }

                    return list.ToArray();
                default:
                    return value;
            }
        }

        /// <summary>Plain data from the core as PowerShell objects: JSON objects become PSCustomObjects.</summary>
        internal static object? ToPowerShell(object? value)
        {
            switch (value)
            {
                case IDictionary dict:
                    var pso = new PSObject();
                    foreach (DictionaryEntry e in dict)
                    {
                        pso.Properties.Add(new PSNoteProperty(e.Key.ToString(), ToPowerShell(e.Value)));
                    }

                    return pso;
                case object[] array:
                    return Array.ConvertAll(array, ToPowerShell);
                default:
                    return value;
            }
        }

        private static string Reveal(SecureString secure)
        {
            IntPtr ptr = Marshal.SecureStringToGlobalAllocUnicode(secure);
            try
            {
                return Marshal.PtrToStringUni(ptr) ?? string.Empty;
            }
            finally
            {
                Marshal.ZeroFreeGlobalAllocUnicode(ptr);
            }
        }

        private void Drain(ConcurrentQueue<string> messages)
        {
            while (messages.TryDequeue(out string? message))
            {
                WriteVerbose(message);
            }
        }
    }

    /// <summary>An API cmdlet that works on a connection: -Connection, by default the session's last Connect-AmoAccount.</summary>
    public abstract class AmoConnectedCmdlet : AmoApiCmdlet
    {
        /// <summary>The connection to use; by default the one the last Connect-AmoAccount of this session made.</summary>
        [Parameter]
        [ValidateNotNull]
        public AmoConnection? Connection { get; set; }

        internal AmoConnection RequireConnection() => RequireConnection(Connection);
    }
}
