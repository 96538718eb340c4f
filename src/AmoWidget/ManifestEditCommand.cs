using System;
using System.Collections.Generic;
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

        /// <summary>Reads a -Type value as manifest.json spells it (users_lp) or as the enum does (UsersLp).</summary>
        protected static AmoSettingType ParseSettingType(string type) =>
            string.Equals(type, "users_lp", StringComparison.OrdinalIgnoreCase)
                ? AmoSettingType.UsersLp
                : (AmoSettingType)Enum.Parse(typeof(AmoSettingType), type, ignoreCase: true);
    }
}
