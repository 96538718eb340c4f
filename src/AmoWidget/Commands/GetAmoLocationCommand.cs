using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AmoWidget.Completers;

namespace AmoWidget.Commands
{
    /// <summary>Get-AmoLocation: the catalog of known locations, or the locations of the manifests piped in.</summary>
    [Cmdlet(VerbsCommon.Get, "AmoLocation")]
    [OutputType(typeof(AmoLocation))]
    public sealed class GetAmoLocationCommand : AmoCmdlet
    {
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(LocationNameCompleter))]
        public string[]? Name { get; set; }

        [Parameter(ValueFromPipeline = true)]
        public AmoManifest? Manifest { get; set; }

        protected override void ProcessRecordCore()
        {
            IEnumerable<AmoLocation> locations = Manifest != null
                ? Manifest.Locations
                : AmoLocationCatalog.All.Select(AmoLocation.FromCatalog);
            if (Name == null)
            {
                WriteObject(locations, enumerateCollection: true);
                return;
            }

            AmoLocation[] all = locations.ToArray();
            foreach (string name in Name)
            {
                if (!WildcardPattern.ContainsWildcardCharacters(name) && AmoLocationCatalog.Find(AmoLocationCatalog.Split(name).Name) == null
                    && !all.Any(l => l.Name == name || l.Value == name))
                {
                    try
                    {
                        AmoManifestEditor.Resolve(name);
                    }
                    catch (AmoException ex)
                    {
                        WriteAmoError(ex);
                    }

                    continue;
                }

                if (!(TryWildcard(name) is WildcardPattern pattern))
                {
                    continue;
                }

                WriteObject(all.Where(l => pattern.IsMatch(l.Name) || pattern.IsMatch(l.Value ?? l.Name)), enumerateCollection: true);
            }
        }
    }
}
