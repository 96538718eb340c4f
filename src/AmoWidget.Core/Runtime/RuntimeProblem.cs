using System.Collections.Generic;

namespace AmoWidget.Runtime
{
    /// <summary>What the host saw that the platform would refuse or that breaks on a real account.</summary>
    internal enum RuntimeProblemKind
    {
        /// <summary>A callback (or loading script.js) threw.</summary>
        Exception,

        /// <summary>render/init/bind_actions (or onSave) did not give true.</summary>
        ResultNotTrue,

        /// <summary>The time, memory or recursion limit stopped a callback.</summary>
        Limit,

        I18nKeyAbsent,
        SettingAbsent,
        AppWrite,
        ModuleUnknown,
        CrmPostRate,
        HandlerRebound,
    }

    /// <summary>One problem, with the location and callback it happened in and, where known, the file place.</summary>
    internal sealed class RuntimeProblem
    {
        public RuntimeProblem(RuntimeProblemKind kind, string message, string? location, string? callback)
        {
            Kind = kind;
            Message = message;
            Location = location;
            if (location != null)
            {
                Locations.Add(location);
            }

            Callback = callback;
        }

        public RuntimeProblemKind Kind { get; }

        public string Message { get; set; }

        /// <summary>Every location the same problem happened in (the first is <see cref="Location"/>).</summary>
        public List<string> Locations { get; } = new List<string>();

        public string? Location { get; }

        public string? Callback { get; }

        /// <summary>The widget file (relative, such as script.js), when the problem has a place.</summary>
        public string? File { get; init; }

        public int? Line { get; init; }

        public int? Column { get; init; }

        /// <summary>What the problem is about (the key, setting code, module id, event), for grouping.</summary>
        public string? Target { get; init; }
    }
}
