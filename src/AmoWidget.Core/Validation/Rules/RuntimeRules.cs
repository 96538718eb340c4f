using System.Linq;
using AmoWidget.Runtime;
using AmoWidget.Widget;

namespace AmoWidget.Validation.Rules
{
    /// <summary>
    /// The Runtime rules (Test-AmoWidget -Runtime): script.js run by the headless host through every location the
    /// manifest declares, each problem it saw one finding at its place.
    /// </summary>
    internal static class RuntimeRules
    {
        public static void CheckAll(ValidationRun run, WidgetSource source)
        {
            // Without a parsing script.js or a manifest there is nothing to run; their own rules already said why.
            if (!source.Exists("script.js") || !source.Exists(AmoManifest.FileName)
                || run.Diagnostics.Any(d => d.RuleName == RuleNames.AmoScriptSyntax || d.RuleName == RuleNames.AmoJsonInvalid))
            {
                return;
            }

            RuntimeRun result = WidgetHost.Run(source, new AmoRuntimeOptions { Cancel = run.Options.Cancel });
            foreach (RuntimeProblem problem in result.Problems)
            {
                string rule = Rule(problem.Kind);
                if (!run.IsEnabled(rule))
                {
                    continue;
                }

                string where = problem.Location == null || problem.Message.Contains(" in " + problem.Location) ? string.Empty
                    : $" ({problem.Callback} in {problem.Location})";
                run.Add(rule, source.Describe(problem.File ?? "script.js"), problem.Message + where, line: problem.Line, column: problem.Column);
            }
        }

        private static string Rule(RuntimeProblemKind kind) => kind switch
        {
            RuntimeProblemKind.Exception => RuleNames.AmoRuntimeException,
            RuntimeProblemKind.ResultNotTrue => RuleNames.AmoRuntimeResultNotTrue,
            RuntimeProblemKind.Limit => RuleNames.AmoRuntimeLimit,
            RuntimeProblemKind.I18nKeyAbsent => RuleNames.AmoRuntimeI18nKeyAbsent,
            RuntimeProblemKind.SettingAbsent => RuleNames.AmoRuntimeSettingAbsent,
            RuntimeProblemKind.AppWrite => RuleNames.AmoRuntimeAppWrite,
            RuntimeProblemKind.ModuleUnknown => RuleNames.AmoRuntimeModuleUnknown,
            RuntimeProblemKind.CrmPostRate => RuleNames.AmoRuntimeCrmPostRate,
            _ => RuleNames.AmoRuntimeHandlerRebound,
        };
    }
}
