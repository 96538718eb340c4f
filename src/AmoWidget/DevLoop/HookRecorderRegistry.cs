using System;
using System.Collections.Generic;
using System.Linq;

namespace AmoWidget.DevLoop
{
    /// <summary>
    /// The running hook recorders of this process: Stop-AmoHookRecorder finds them by port, and they stop when the
    /// process exits, so no listener outlives it.
    /// </summary>
    internal static class HookRecorderRegistry
    {
        private static readonly object Gate = new object();
        private static readonly List<AmoHookRecorder> Running = new List<AmoHookRecorder>();

        static HookRecorderRegistry()
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                foreach (AmoHookRecorder recorder in Current())
                {
                    recorder.Stop();
                }
            };
        }

        public static void Add(AmoHookRecorder recorder)
        {
            lock (Gate)
            {
                Running.Add(recorder);
            }
        }

        /// <summary>The recorders still running, oldest first.</summary>
        public static IReadOnlyList<AmoHookRecorder> Current()
        {
            lock (Gate)
            {
                Running.RemoveAll(r => !r.Running);
                return Running.ToArray();
            }
        }

        public static void Stop(AmoHookRecorder recorder)
        {
            recorder.Stop();
            lock (Gate)
            {
                Running.Remove(recorder);
            }
        }
    }
}
