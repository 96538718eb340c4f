using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Xunit;

namespace AmoWidget.Tests
{
    /// <summary>
    /// Runs PowerShell text in the real engine with the built module imported, as a user types it, and
    /// captures every stream. One InitialSessionState for the whole run; a fresh runspace per script.
    /// </summary>
    public static class PsRunner
    {
        private static readonly Lazy<InitialSessionState> State = new Lazy<InitialSessionState>(() =>
        {
            InitialSessionState iss = InitialSessionState.CreateDefault2();
            if (OperatingSystem.IsWindows())
            {
                iss.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
            }

            iss.ImportPSModule(new[] { Repo.ModuleManifest });
            iss.ThrowOnRunspaceOpenError = true;
            return iss;
        });

        /// <summary>Runs <paramref name="script"/>; variables are set in the runspace first (name without $).</summary>
        public static PsResult Run(string script, IDictionary<string, object?>? variables = null)
        {
            using Runspace runspace = RunspaceFactory.CreateRunspace(State.Value);
            runspace.Open();
            if (variables != null)
            {
                foreach (KeyValuePair<string, object?> v in variables)
                {
                    runspace.SessionStateProxy.SetVariable(v.Key, v.Value);
                }
            }

            using PowerShell ps = PowerShell.Create();
            ps.Runspace = runspace;
            ps.AddScript(script);
            var result = new PsResult();
            try
            {
                result.Output = ps.Invoke();
            }
            catch (RuntimeException ex)
            {
                result.Terminating = ex.ErrorRecord;
            }

            result.Errors = ps.Streams.Error.ToList();
            result.Warnings = ps.Streams.Warning.Select(w => w.Message).ToList();
            result.Verbose = ps.Streams.Verbose.Select(w => w.Message).ToList();
            result.Debug = ps.Streams.Debug.Select(w => w.Message).ToList();
            result.Information = ps.Streams.Information.Select(i => i.MessageData?.ToString() ?? string.Empty).ToList();
            return result;
        }

        /// <summary>Runs the script with one variable set.</summary>
        public static PsResult Run(string script, string name, object? value) =>
            Run(script, new Dictionary<string, object?> { [name] = value });
    }

    /// <summary>Everything a script produced.</summary>
    public sealed class PsResult
    {
        public Collection<PSObject> Output { get; set; } = new Collection<PSObject>();

        public List<ErrorRecord> Errors { get; set; } = new List<ErrorRecord>();

        public List<string> Warnings { get; set; } = new List<string>();

        public List<string> Verbose { get; set; } = new List<string>();

        public List<string> Debug { get; set; } = new List<string>();

        public List<string> Information { get; set; } = new List<string>();

        /// <summary>The error that stopped the script, if one did.</summary>
        public ErrorRecord? Terminating { get; set; }

        /// <summary>Every error: those written and the one that stopped the script.</summary>
        public IEnumerable<ErrorRecord> AllErrors => Terminating == null ? Errors : Errors.Append(Terminating);

        /// <summary>Every text the script produced on any stream, for "no secret printed" assertions.</summary>
        public string AllText()
        {
            IEnumerable<string> parts = Output.Select(o => o?.ToString() ?? string.Empty)
                .Concat(AllErrors.Select(e => e.ToString() + " " + e.Exception?.ToString() + " " + e.ErrorDetails?.Message + " " + e.TargetObject))
                .Concat(Warnings).Concat(Verbose).Concat(Debug).Concat(Information);
            return string.Join("\n", parts);
        }

        /// <summary>Fails unless the script ran without any error.</summary>
        public PsResult ShouldSucceed()
        {
            Assert.True(Terminating == null && Errors.Count == 0,
                "Expected no errors, got: " + string.Join(" | ", AllErrors.Select(e => e.FullyQualifiedErrorId + ": " + e)));
            return this;
        }

        /// <summary>Fails unless an error with this ErrorId (the part before the first comma) was written or thrown.</summary>
        public ErrorRecord ShouldFailWith(string errorId)
        {
            ErrorRecord? match = AllErrors.FirstOrDefault(e => ErrorId(e) == errorId);
            Assert.True(match != null,
                $"Expected ErrorId {errorId}, got: " + (AllErrors.Any() ? string.Join(" | ", AllErrors.Select(e => e.FullyQualifiedErrorId + ": " + e)) : "no error"));
            return match!;
        }

        /// <summary>The output as base objects of type T.</summary>
        public List<T> OutputOf<T>() => Output.Select(o => o.BaseObject).OfType<T>().ToList();

        /// <summary>The output's base objects.</summary>
        public List<object> Objects => Output.Select(o => o.BaseObject).ToList();

        public static string ErrorId(ErrorRecord record)
        {
            string id = record.FullyQualifiedErrorId ?? string.Empty;
            int comma = id.IndexOf(',');
            return comma < 0 ? id : id.Substring(0, comma);
        }
    }

    /// <summary>Engine tests share process-wide state (current directory, the default connection): never in parallel.</summary>
    [CollectionDefinition("Engine", DisableParallelization = true)]
    public sealed class EngineCollection
    {
    }
}
