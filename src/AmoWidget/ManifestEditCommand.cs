using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace AmoWidget
{
    /// <summary>
    /// A pipeline stage that edits manifests in memory: it takes each manifest from the pipeline, changes it in
    /// place and emits it. A manifest whose edit fails is reported and not emitted, so that a later
    /// Export-AmoManifest never writes a half-made change.
    /// </summary>
    public abstract class ManifestEditCommand : AmoCmdlet
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public AmoManifest Manifest { get; set; } = null!;

        protected override void ProcessRecordCore()
        {
            try
            {
                Edit(Manifest);
            }
            catch (AmoException ex)
            {
                WriteAmoError(ex);
                return;
            }

            WriteObject(Manifest);
        }

        /// <summary>Changes the manifest; an AmoException leaves it out of the output.</summary>
        protected abstract void Edit(AmoManifest manifest);

        protected void WriteWarnings(IEnumerable<string> warnings)
        {
            foreach (string warning in warnings)
            {
                WriteWarning(warning);
            }
        }

        /// <summary>
        /// Reads the hashtables of a parameter such as -Field or -Submenu once, before any manifest is changed: they
        /// are the same for every manifest, so a bad one stops the command.
        /// </summary>
        protected T[] ParseEntries<T>(Hashtable[]? tables, Func<Hashtable, int, T> parse)
        {
            try
            {
                return (tables ?? Array.Empty<Hashtable>()).Select(parse).ToArray();
            }
            catch (AmoException ex)
            {
                ThrowAmoError(ex);
                throw;
            }
        }

        /// <summary>
        /// The values of one hashtable by key, case-insensitive, a PSObject unwrapped; a key outside
        /// <paramref name="keys"/> is the exception <paramref name="invalid"/> makes of its message.
        /// </summary>
        protected static Dictionary<string, object?> EntryValues(Hashtable table, IReadOnlyList<string> keys, string where, string what, Func<string, AmoException> invalid)
        {
            var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry entry in table)
            {
                string key = entry.Key?.ToString() ?? string.Empty;
                if (!keys.Contains(key, StringComparer.OrdinalIgnoreCase))
                {
                    throw invalid($"{where} has the key '{key}'; {what} takes {string.Join(", ", keys)}.");
                }

                values[key] = entry.Value is PSObject ps ? ps.BaseObject : entry.Value;
            }

            return values;
        }

        /// <summary>Reads a -Type value as manifest.json spells it (users_lp) or as the enum does (UsersLp).</summary>
        protected static AmoSettingType ParseSettingType(string type) =>
            string.Equals(type, "users_lp", StringComparison.OrdinalIgnoreCase)
                ? AmoSettingType.UsersLp
                : (AmoSettingType)Enum.Parse(typeof(AmoSettingType), type, ignoreCase: true);
    }
}
