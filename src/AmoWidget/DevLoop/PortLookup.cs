using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace AmoWidget.DevLoop
{
    /// <summary>
    /// What the cmdlets that find a running loopback server by -Port share (Get-/Stop-AmoWidgetServer,
    /// Stop-AmoHookRecorder): every running one without -Port, else the one on each port, and a non-terminating
    /// not-found error for a port nothing of theirs listens on.
    /// </summary>
    internal static class PortLookup
    {
        public static IReadOnlyList<T> Find<T>(AmoCmdlet cmdlet, IReadOnlyList<T> running, int[]? ports, Func<T, int> portOf, Func<int, ErrorRecord> notFound)
        {
            if (ports == null)
            {
                return running;
            }

            var found = new List<T>();
            foreach (int port in ports)
            {
                T? match = running.FirstOrDefault(r => portOf(r) == port);
                if (match == null)
                {
                    cmdlet.WriteError(notFound(port));
                }
                else
                {
                    found.Add(match);
                }
            }

            return found;
        }
    }
}
