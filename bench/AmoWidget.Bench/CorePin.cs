using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace AmoWidget.Bench
{
    /// <summary>
    /// Pins the bench (every thread) and, through inheritance, the processes it starts afterwards to one core, so that
    /// the core and ajv take turns on the same core instead of landing on whichever core the scheduler picks (on the
    /// 2-core machine the unpinned goal-1 ratio was bimodal, bench/README.md). Linux only: sched_setaffinity on each
    /// thread of /proc/self/task, which is what `taskset -a -p` does; Process.ProcessorAffinity is not used because on
    /// Linux it sets the main thread alone. A child started after the pin inherits the starting thread's mask (fork).
    /// </summary>
    internal static class CorePin
    {
        /// <summary>Pins to the last core the process may use; the core's number, or null (and why) when it cannot.</summary>
        public static int? PinToOneCore(out string why)
        {
            why = "";
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            {
                why = "not Linux";
                return null;
            }

            try
            {
                ulong allowed = 0;
                if (sched_getaffinity(0, (IntPtr)sizeof(ulong), ref allowed) != 0 || allowed == 0)
                {
                    why = "sched_getaffinity failed (errno " + Marshal.GetLastWin32Error() + ")";
                    return null;
                }

                int core = 63 - System.Numerics.BitOperations.LeadingZeroCount(allowed);
                ulong mask = 1UL << core;
                foreach (int tid in Threads(Environment.ProcessId))
                {
                    // A thread that ended since the listing fails with ESRCH; the others must take the mask.
                    if (sched_setaffinity(tid, (IntPtr)sizeof(ulong), ref mask) != 0 && Marshal.GetLastWin32Error() != 3)
                    {
                        why = "sched_setaffinity failed (errno " + Marshal.GetLastWin32Error() + ")";
                        return null;
                    }
                }

                return core;
            }
            catch (DllNotFoundException ex)
            {
                why = ex.Message;
                return null;
            }
            catch (EntryPointNotFoundException ex)
            {
                why = ex.Message;
                return null;
            }
        }

        /// <summary>The cores a process's threads may run on, as "0" or "0-1" style lists joined by ","; for the report.</summary>
        public static string Affinity(int pid)
        {
            var masks = new SortedSet<string>(StringComparer.Ordinal);
            foreach (int tid in Threads(pid))
            {
                ulong mask = 0;
                if (sched_getaffinity(tid, (IntPtr)sizeof(ulong), ref mask) == 0)
                {
                    masks.Add("0x" + mask.ToString("x"));
                }
            }

            return string.Join(",", masks);
        }

        private static IEnumerable<int> Threads(int pid)
        {
            string[] tasks;
            try
            {
                tasks = Directory.GetDirectories("/proc/" + pid + "/task");
            }
            catch (IOException)
            {
                yield break;
            }

            foreach (string task in tasks)
            {
                if (int.TryParse(Path.GetFileName(task), out int tid))
                {
                    yield return tid;
                }
            }
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int sched_setaffinity(int pid, IntPtr cpusetsize, ref ulong mask);

        [DllImport("libc", SetLastError = true)]
        private static extern int sched_getaffinity(int pid, IntPtr cpusetsize, ref ulong mask);
    }
}
