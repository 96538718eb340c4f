using System;
using System.Management.Automation;

namespace AmoWidget.Commands
{
    /// <summary>Set-AmoSms: adds the sms location and sms.endpoint, or changes the endpoint.</summary>
    [Cmdlet(VerbsCommon.Set, "AmoSms")]
    [OutputType(typeof(AmoManifest))]
    public sealed class SetAmoSmsCommand : ManifestEditCommand
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNull]
        public Uri Endpoint { get; set; } = null!;

        protected override void Edit(AmoManifest manifest) =>
            WriteWarnings(AmoManifestEditor.SetSms(manifest, Endpoint));
    }
}
