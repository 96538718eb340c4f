using System;
using System.Collections;
using System.Collections.Specialized;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using System.Threading;
using System.Threading.Tasks;

namespace AmoWidget.Api
{
    /// <summary>
    /// Shared plumbing of the account API cmdlets: running a core call while its verbose messages, warnings and long
    /// waits (as progress) are shown, and Ctrl+C (StopProcessing) cancelling the request or wait in flight at once.
    /// </summary>
    public abstract class AmoApiCmdlet : AmoCmdlet, IDisposable
    {
        /// <summary>Progress of the items or pages of one command.</summary>
        private const int WorkActivityId = 1;

        /// <summary>Progress of a long wait (retry_after, a slowed pace), under the work's progress when there is one.</summary>
        private const int WaitActivityId = 2;

        private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly System.Diagnostics.Stopwatch _sinceWaitShown = new System.Diagnostics.Stopwatch();
        private ApiWait? _shownWait;
        private string? _workActivity;

        public void Dispose() => _stop.Dispose();

        protected override void StopProcessing() => _stop.Cancel();

        /// <summary>The connection to use, or a terminating error that says to connect first.</summary>
        internal AmoConnection RequireConnection(AmoConnection? given)
        {
            AmoConnection? connection = given ?? ConnectionStore.Current;
            if (connection == null)
            {
                ThrowTerminatingError(NewError(ErrorIds.AmoNotConnected, ErrorCategory.InvalidOperation,
                    "There is no account connection in this session. Run Connect-AmoAccount first, or pass -Connection.", null,
                    recommendedAction: "Connect-AmoAccount -Subdomain <account> -AccessToken (Read-Host -AsSecureString)"));
            }

            return connection!;
        }

        /// <summary>Runs a core call to the end on this thread, writing its verbose messages, warnings and long waits as they come.</summary>
        internal T Run<T>(Func<CancellationToken, Task<T>> call)
        {
            var feedback = new ApiFeedback();
            ApiFeedback.Current = feedback;
            Task<T> task;
            try
            {
                task = call(_stop.Token);
            }
            finally
            {
                ApiFeedback.Current = null;
            }

            while (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(50))
            {
                Drain(feedback);
            }

            Drain(feedback);
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
                case ErrorIds.AmoApiNotFound:
                case ErrorIds.AmoApiValidationFailed:
                case ErrorIds.AmoApiBadRequest:
                case ErrorIds.AmoApiResponseInvalid:
                case ErrorIds.AmoWidgetSettingRequired:
                case ErrorIds.AmoWidgetSettingInvalid:
                case ErrorIds.AmoApiMethodNotAllowed:
                case ErrorIds.AmoApiRequestFailed:
                    WriteAmoError(ex, target);
                    break;
                default:
                    ThrowAmoError(ex, target);
                    break;
            }
        }

        /// <summary>How deep structured parameter values (-Body, -Settings, -Data...) may nest: far past any real data, well short of the stack.</summary>
        internal const int PlainDepth = 64;

        /// <summary>
        /// Refuses a walk into structured data past <see cref="PlainDepth"/>: a hashtable that holds itself, or data
        /// nested past any account's or widget's, would otherwise overflow the stack, which ends the PowerShell process.
        /// </summary>
        internal static void CheckPlainDepth(int depth)
        {
            if (depth > PlainDepth)
            {
                throw new AmoException(ErrorIds.NestingTooDeep, AmoErrorKind.LimitsExceeded,
                    $"The data is nested more than {PlainDepth} levels deep (or holds itself); give plain data of at most that depth.", null);
            }
        }

        /// <summary>PowerShell values as plain data for the core: PSObjects unwrapped, SecureStrings and PSCredentials revealed.</summary>
        internal static object? ToPlain(object? value, int depth = 0)
        {
            CheckPlainDepth(depth);

            switch (value)
            {
                case null:
                    return null;
                case PSObject pso when pso.BaseObject is PSCustomObject:
                    var obj = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
                    foreach (PSPropertyInfo p in pso.Properties)
                    {
                        obj[p.Name] = ToPlain(p.Value, depth + 1);
                    }

                    return obj;
                case PSObject pso:
                    return ToPlain(pso.BaseObject, depth);
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
                        copy[ToPlain(e.Key, depth + 1) ?? string.Empty] = ToPlain(e.Value, depth + 1);
                    }

                    return copy;
                case IEnumerable items:
                    var list = new ArrayList();
                    foreach (object? item in items)
                    {
                        list.Add(ToPlain(item, depth + 1));
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

        /// <summary>
        /// Progress over work whose size is known (the codes of one -Code array) or counted as it goes (pages of a list:
        /// <paramref name="total"/> 0). Nothing for a single item.
        /// </summary>
        internal void ShowWorkProgress(string activity, string status, int done, int total)
        {
            if (total == 1)
            {
                return;
            }

            _workActivity = activity;
            WriteProgress(new ProgressRecord(WorkActivityId, activity, status) { PercentComplete = total > 1 ? Math.Min(100, done * 100 / total) : -1 });
        }

        internal void CompleteWorkProgress()
        {
            if (_workActivity != null)
            {
                WriteProgress(new ProgressRecord(WorkActivityId, _workActivity, "Done") { RecordType = ProgressRecordType.Completed });
                _workActivity = null;
            }
        }

        private void Drain(ApiFeedback feedback)
        {
            while (feedback.TryTake(out FeedbackKind kind, out string text))
            {
                if (kind == FeedbackKind.Warning)
                {
                    WriteWarning(text);
                }
                else
                {
                    WriteVerbose(text);
                }
            }

            ApiWait? wait = feedback.Wait;
            if (wait != null && (!ReferenceEquals(wait, _shownWait) || _sinceWaitShown.Elapsed >= ProgressInterval))
            {
                TimeSpan left = wait.Length - wait.Elapsed;
                WriteProgress(new ProgressRecord(WaitActivityId, "Waiting for the account API", wait.Reason)
                {
                    ParentActivityId = _workActivity != null ? WorkActivityId : -1,
                    SecondsRemaining = Math.Max(0, (int)Math.Ceiling(left.TotalSeconds)),
                    PercentComplete = Math.Min(100, (int)(wait.Elapsed.TotalMilliseconds * 100 / Math.Max(1, wait.Length.TotalMilliseconds))),
                });
                _shownWait = wait;
                _sinceWaitShown.Restart();
            }
            else if (wait == null && _shownWait != null)
            {
                WriteProgress(new ProgressRecord(WaitActivityId, "Waiting for the account API", "Done") { RecordType = ProgressRecordType.Completed });
                _shownWait = null;
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
