using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using AmoWidget.DevLoop;

namespace AmoWidget.DevLoop
{
    /// <summary>
    /// The widget dev servers of each session (runspace): Get-AmoWidgetServer lists the current session's, and they
    /// stop with Stop-AmoWidgetServer, when the module is removed, when their runspace closes, and when the process
    /// exits, so no listener outlives the session that started it.
    /// </summary>
    internal static class WidgetServerRegistry
    {
        private static readonly object Gate = new object();
        private static readonly ConditionalWeakTable<Runspace, List<AmoWidgetServer>> BySession = new ConditionalWeakTable<Runspace, List<AmoWidgetServer>>();
        private static readonly List<AmoWidgetServer> NoRunspace = new List<AmoWidgetServer>();
        private static readonly List<AmoWidgetServer> Everywhere = new List<AmoWidgetServer>();

        static WidgetServerRegistry()
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAll();
        }

        public static void Add(AmoWidgetServer server)
        {
            lock (Gate)
            {
                Runspace? runspace = Runspace.DefaultRunspace;
                List<AmoWidgetServer> list;
                if (runspace == null)
                {
                    list = NoRunspace;
                }
                else if (!BySession.TryGetValue(runspace, out list!))
                {
                    list = new List<AmoWidgetServer>();
                    BySession.Add(runspace, list);
                    runspace.StateChanged += OnStateChanged;
                }

                list.Add(server);
                Everywhere.Add(server);
            }
        }

        /// <summary>The current session's servers that still run, oldest first.</summary>
        public static IReadOnlyList<AmoWidgetServer> Current()
        {
            lock (Gate)
            {
                List<AmoWidgetServer> list = ListOf(Runspace.DefaultRunspace);
                list.RemoveAll(s => !s.Running);
                return list.ToArray();
            }
        }

        public static void Stop(AmoWidgetServer server)
        {
            server.Stop();
            lock (Gate)
            {
                Everywhere.Remove(server);
                ListOf(Runspace.DefaultRunspace).Remove(server);
            }
        }

        /// <summary>Stops every server of the current session (module removal).</summary>
        public static void StopSession() => StopSession(Runspace.DefaultRunspace);

        private static void StopSession(Runspace? runspace)
        {
            AmoWidgetServer[] servers;
            lock (Gate)
            {
                List<AmoWidgetServer> list = ListOf(runspace);
                servers = list.ToArray();
                list.Clear();
                Everywhere.RemoveAll(servers.Contains);
            }

            foreach (AmoWidgetServer server in servers)
            {
                server.Stop();
            }
        }

        private static void StopAll()
        {
            AmoWidgetServer[] servers;
            lock (Gate)
            {
                servers = Everywhere.ToArray();
                Everywhere.Clear();
            }

            foreach (AmoWidgetServer server in servers)
            {
                server.Stop();
            }
        }

        private static List<AmoWidgetServer> ListOf(Runspace? runspace)
        {
            if (runspace == null)
            {
                return NoRunspace;
            }

            return BySession.TryGetValue(runspace, out List<AmoWidgetServer>? list) ? list : new List<AmoWidgetServer>();
        }

        private static void OnStateChanged(object? sender, RunspaceStateEventArgs e)
        {
            RunspaceState state = e.RunspaceStateInfo.State;
            if (sender is Runspace runspace && (state == RunspaceState.Closing || state == RunspaceState.Closed || state == RunspaceState.Broken))
            {
                StopSession(runspace);
            }
        }
    }
}
