using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace AmoWidget.Commands
{
    /// <summary>What Test-AmoManifest and Test-AmoWidget add to the validation options: one bool per input, or with -Detailed the findings.</summary>
    public abstract class TestCommandBase : ValidationCommandBase
    {
        /// <summary>Emit the findings instead of one bool per input.</summary>
        [Parameter]
        public SwitchParameter Detailed { get; set; }

        /// <summary>Runs one validation and writes its result; an input that cannot be read is a non-terminating error.</summary>
        protected void Emit(Func<AmoValidationOptions, IReadOnlyList<AmoDiagnostic>> validate, object target)
        {
            IReadOnlyList<AmoDiagnostic>? diagnostics = Validate(validate, target);
            if (diagnostics == null)
            {
                return;
            }

            if (Detailed)
            {
                foreach (AmoDiagnostic diagnostic in diagnostics)
                {
                    WriteObject(diagnostic);
                }
            }
            else
            {
                WriteObject(AmoValidator.Passes(diagnostics, Strict));
            }
        }
    }
}
