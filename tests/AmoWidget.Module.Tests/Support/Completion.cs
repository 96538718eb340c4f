using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Xunit;

namespace AmoWidget.Tests
{
    /// <summary>
    /// Tab completion as a user gets it: CommandCompletion.CompleteInput in an engine runspace with the built module
    /// imported, the cursor at the end of the input.
    /// </summary>
    public static class Completion
    {
        /// <summary>
        /// The completions of <paramref name="input"/>. <paramref name="setup"/> runs first in the same runspace
        /// (connect to the test account, change the location, define variables) and must not fail.
        /// </summary>
        public static List<(string CompletionText, string ToolTip)> Complete(string input, string? setup = null)
        {
            InitialSessionState iss = InitialSessionState.CreateDefault2();
            if (OperatingSystem.IsWindows())
            {
                iss.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
            }

            iss.ImportPSModule(new[] { Repo.ModuleManifest });
            iss.ThrowOnRunspaceOpenError = true;
            using Runspace runspace = RunspaceFactory.CreateRunspace(iss);
            runspace.Open();
            using PowerShell ps = PowerShell.Create();
            ps.Runspace = runspace;
            if (setup != null)
            {
                ps.AddScript(setup).Invoke();
                Assert.False(ps.HadErrors, "The completion setup failed: " + string.Join(" | ", ps.Streams.Error.Select(e => e.ToString())));
                ps.Commands.Clear();
                ps.Streams.ClearStreams();
            }

            CommandCompletion result = CommandCompletion.CompleteInput(input, input.Length, null, ps);
            return result.CompletionMatches.Select(m => (m.CompletionText, m.ToolTip)).ToList();
        }

        /// <summary>Just the completion texts, for "contains" and "starts with" assertions.</summary>
        public static List<string> Texts(string input, string? setup = null) =>
            Complete(input, setup).Select(c => c.CompletionText).ToList();
    }
}
