using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace AmoWidget.Api
{
    /// <summary>
    /// The session's default connection (the last Connect-AmoAccount), one per runspace, so that two runspaces in
    /// one process (jobs, hosted engines, tests) never share or overwrite each other's sign-in.
    /// </summary>
    internal static class ConnectionStore
    {
        private static readonly ConditionalWeakTable<Runspace, Holder> Defaults = new ConditionalWeakTable<Runspace, Holder>();
        private static readonly Holder NoRunspace = new Holder();

        public static AmoConnection? Current
        {
            get => HolderOf().Connection;
            set => HolderOf().Connection = value;
        }

        private static Holder HolderOf()
        {
            Runspace? runspace = Runspace.DefaultRunspace;
            return runspace == null ? NoRunspace : Defaults.GetValue(runspace, _ => new Holder());
        }

        private sealed class Holder
        {
            public AmoConnection? Connection { get; set; }
        }
    }
}
