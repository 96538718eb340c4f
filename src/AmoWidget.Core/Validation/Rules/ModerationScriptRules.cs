using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Acornima;
using Acornima.Ast;
using AmoWidget.Widget;

namespace AmoWidget.Validation.Rules
{
    /// <summary>
    /// The code-audit rules of the moderation rehearsal over one parsed JavaScript file: a walk of the Acornima tree
    /// that knows, at each node, the names the enclosing scopes declare (from the parser's own scope records, see
    /// <see cref="ScriptTree"/>), whether it is inside a loop body or an iteration callback, and whether it is inside a
    /// catch block or a Promise rejection handler. The requirements are amoCRM's "Требования к публичным интеграциям"
    /// §3.1.1–§3.3 (https://www.amocrm.ru/developers/content/integrations/requirements) and Kommo's listing checklist
    /// (https://developers.kommo.com/docs/getting-listed).
    /// Acornima's AstVisitor is not used: its Visit methods carry no context, and each rule here needs the context of
    /// the child being entered (which argument of which call, the body or the test of a loop), so a switch over the
    /// node with the child list in hand is shorter than a visitor subclass with a context stack beside it.
    /// </summary>
    internal sealed class ModerationScriptRules
    {
        /// <summary>The documented system modules (https://www.amocrm.ru/developers/content/web_sdk/system_modules, 26 vendor ids).</summary>
        internal static readonly HashSet<string> SystemModules = new HashSet<string>(StringComparer.Ordinal)
        {
            "underscore", "backbone", "jquery", "twigjs", "browser-detect", "chartjs", "colorpicker", "rangeslider", "clipboard",
            "cocktail", "accounting", "device", "enquire", "FileAPI", "google-libphonenumber", "jplayer", "js-uuid", "fullcalendar",
            "moment", "pubsub", "steady", "store", "cropperjs", "virtualized-list", "quill", "intl_tel_input",
        };

        /// <summary>Browser globals a script may assign without declaring them (window properties, not implicit globals).</summary>
        private static readonly HashSet<string> WritableGlobals = new HashSet<string>(StringComparer.Ordinal)
        {
            "location", "name", "status", "opener", "onload", "onerror", "onbeforeunload", "onunload", "onmessage", "onresize",
            "onhashchange", "onpopstate", "onscroll", "onfocus", "onblur", "onkeydown", "onkeyup", "onclick",
        };

        /// <summary>Iteration helpers whose function arguments run once per item (Array.prototype, jQuery, underscore/lodash).</summary>
        private static readonly HashSet<string> IterationMethods = new HashSet<string>(StringComparer.Ordinal)
        {
            "forEach", "map", "filter", "reduce", "reduceRight", "some", "every", "find", "findIndex", "flatMap", "each", "times",
        };

        private static readonly HashSet<string> RequestFunctions = new HashSet<string>(StringComparer.Ordinal)
        {
            "ajax", "get", "post", "getJSON", "fetch", "put", "patch", "delete",
        };

        private static readonly HashSet<string> SyncOptionTakers = new HashSet<string>(StringComparer.Ordinal)
        {
            "ajax", "ajaxSetup", "get", "post", "getJSON", "$authorizedAjax",
        };

        private static readonly string[] AccountApiPaths = { "/api/v4/", "/api/v2/", "/private/api/" };

        private static readonly Regex SwitcherClass = new Regex(@"(?<![\w-])switcher__?(on|off)(?![\w-])", RegexOptions.CultureInvariant);

        private static readonly Regex ScriptTag = new Regex(@"<script(?=[\s>/])(?![^>]*type\s*=\s*[""']?text/(template|x-))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        private readonly ValidationRun run;
        private readonly string display;
        private readonly ScriptTree tree;
        private readonly Func<string, bool> ownFile;
        private readonly List<string[]> scopes = new List<string[]>();
        private readonly HashSet<Node> writeTargets = new HashSet<Node>();

        /// <summary>Implicit globals reported so far: one finding a name and file, at its first assignment.</summary>
        private readonly HashSet<string> implicitGlobals = new HashSet<string>(StringComparer.Ordinal);
        private int loops;
        private int handlers;
        private int fails;

        /// <summary>
        /// The node types that open a scope in this tree (a few: the program, functions, blocks...): a node of any other
        /// type is not looked up among the scopes, a dictionary look-up saved at most of a tree's nodes.
        /// </summary>
        private readonly bool[] scopeTypes = new bool[MaxNodeType + 1];

        private static readonly int MaxNodeType = Enum.GetValues(typeof(NodeType)).Cast<NodeType>().Max(t => (int)t);

        private ModerationScriptRules(ValidationRun run, string display, ScriptTree tree, Func<string, bool> ownFile)
        {
            this.run = run;
            this.display = display;
            this.tree = tree;
            this.ownFile = ownFile;
            foreach (Node scope in tree.Declared.Keys)
            {
                scopeTypes[(int)scope.Type] = true;
            }
        }

        /// <summary>
        /// Every code-audit rule over one file. <paramref name="ownFile"/> says whether a define dependency names a file
        /// of the widget. The caller runs it on the parser's own large stack (<see cref="ScriptAnalyzer.OnParserStack"/>),
        /// so the walk goes as deep as the parse went.
        /// </summary>
        public static void Check(ValidationRun run, string display, ScriptTree tree, Func<string, bool> ownFile)
        {
            var rules = new ModerationScriptRules(run, display, tree, ownFile);
            try
            {
                rules.Visit(tree.Program);
            }
            catch (InsufficientExecutionStackException)
            {
                // Nested deeper than the walk's stack: what was found so far stands; the parse itself already succeeded.
            }

            rules.CommentedOutCode();
        }

        private void Visit(Node node)
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            int pushed = 0;
            if (scopeTypes[(int)node.Type] && tree.Declared.TryGetValue(node, out string[]? names))
            {
                scopes.Add(names);
                pushed++;
            }

            // A named function or class expression binds its own name inside itself; the parser's scope records leave it out.
            if (node is FunctionExpression { Id: Identifier fn })
            {
                scopes.Add(new[] { fn.Name });
                pushed++;
            }
            else if (node is ClassExpression { Id: Identifier cls })
            {
                scopes.Add(new[] { cls.Name });
                pushed++;
            }

            Inspect(node);
            switch (node)
            {
                case CallExpression call:
                    VisitCall(call);
                    break;
                case ForStatement or ForInStatement or ForOfStatement or WhileStatement or DoWhileStatement:
                    Node body = node switch
                    {
                        ForStatement f => f.Body,
                        ForInStatement f => f.Body,
                        ForOfStatement f => f.Body,
                        WhileStatement w => w.Body,
                        _ => ((DoWhileStatement)node).Body,
                    };
                    foreach (Node child in node.ChildNodes)
                    {
                        Enter(child, loop: ReferenceEquals(child, body));
                    }

                    break;
                case CatchClause clause:
                    foreach (Node child in node.ChildNodes)
                    {
                        Enter(child, handler: ReferenceEquals(child, clause.Body));
                    }

                    break;
                default:
                    foreach (Node child in node.ChildNodes)
                    {
                        Visit(child);
                    }

                    break;
            }

            scopes.RemoveRange(scopes.Count - pushed, pushed);
        }

        private void Enter(Node child, bool loop = false, bool handler = false, bool fail = false)
        {
            loops += loop ? 1 : 0;
            handlers += handler ? 1 : 0;
            fails += fail ? 1 : 0;
            Visit(child);
            loops -= loop ? 1 : 0;
            handlers -= handler ? 1 : 0;
            fails -= fail ? 1 : 0;
        }

        /// <summary>A call's arguments with their context: .then's second function and .catch's function are rejection handlers; an iteration helper's functions run per item.</summary>
        private void VisitCall(CallExpression call)
        {
            Visit(call.Callee);
            string? method = call.Callee is MemberExpression { Computed: false } m ? KeyName(m.Property) : null;
            for (int i = 0; i < call.Arguments.Count; i++)
            {
                Node argument = call.Arguments[i];
                bool function = argument is FunctionExpression or ArrowFunctionExpression;
                Enter(argument,
                    loop: function && method != null && IterationMethods.Contains(method),
                    handler: function && ((method == "then" && i == 1) || method == "catch"),
                    fail: function && method == "fail");
            }
        }

        private void Inspect(Node node)
        {
            switch (node)
            {
                case CallExpression call:
                    InspectCall(call);
                    break;
                case NewExpression { Callee: Identifier { Name: "Function" } } created when !IsDeclared("Function"):
                    Add(RuleNames.AmoEvalUsed, created, "new Function(...) compiles a string into code, as eval does; the code audit forbids running code from strings.", "Write the function in the script.");
                    break;
                case MemberExpression member:
                    InspectMember(member);
                    break;
                case AssignmentExpression assignment:
                    InspectWrite(assignment, assignment.Left, assignment.Operator == Operator.Assignment ? "an assignment" : "a compound assignment");
                    break;
                case UpdateExpression update:
                    InspectWrite(update, update.Argument, "++/--");
                    break;
                case UnaryExpression { Operator: Operator.Delete } deletion when HostRoot(deletion.Argument) is string host:
                    writeTargets.Add(deletion.Argument);
                    Add(RuleNames.AmoHostGlobalWrite, deletion, $"delete removes a part of the host's {host} object; the code audit forbids writing to it.", "Keep the widget's state in its own object.");
                    break;
                case UnaryExpression { Operator: Operator.TypeOf, Argument: Identifier { Name: "AMOCRM" } } when !IsDeclared("AMOCRM"):
                    Add(RuleNames.AmoDeprecatedHostApi, node, "script code reads the AMOCRM global, which amoCRM calls deprecated.", "Use the documented APP variables (APP.constant, APP.data).");
                    break;
                case StringLiteral literal:
                    InspectText(literal, literal.Value);
                    break;
                case TemplateElement element:
                    InspectText(element, element.Value.Cooked ?? element.Value.Raw);
                    break;
            }
        }

        private void InspectCall(CallExpression call)
        {
            Node callee = call.Callee is ParenthesizedExpression p ? p.Expression : call.Callee;
            if (callee is SequenceExpression sequence && sequence.Expressions.Count > 0)
            {
                callee = sequence.Expressions[sequence.Expressions.Count - 1];
            }

            string? global = GlobalName(callee);
            string? method = callee is MemberExpression { Computed: false } m ? KeyName(m.Property) : null;
            string? name = callee is Identifier id ? id.Name : method;

            if (global == "eval")
            {
                Add(RuleNames.AmoEvalUsed, call, "eval runs a string as code; the code audit forbids it (the source of such code cannot be trusted).", "Parse data with JSON.parse, and write the code in the script.");
            }
            else if (global == "Function")
            {
                Add(RuleNames.AmoEvalUsed, call, "Function(...) compiles a string into code, as eval does; the code audit forbids running code from strings.", "Write the function in the script.");
            }
            else if ((global == "setTimeout" || global == "setInterval") && call.Arguments.Count > 0 && IsText(call.Arguments[0]))
            {
                Add(RuleNames.AmoEvalUsed, call, $"{global} is given a string, which it runs as code (an implied eval).", "Pass a function instead of a string.");
            }
            else if (method == "globalEval")
            {
                Add(RuleNames.AmoEvalUsed, call, "$.globalEval runs a string as code; the code audit forbids it.", "Write the code in the script.");
            }
            else if (global == "alert" || global == "confirm")
            {
                Add(RuleNames.AmoAlertUsed, call, $"{global}() is called; the code audit forbids alert and confirm.", "Show a message or a modal of the host (lib/components/base/modal) instead.");
            }

            if (name != null && SyncOptionTakers.Contains(name) && FindSyncOption(call) is Node option)
            {
                Add(RuleNames.AmoSyncRequest, option, $"async: false in the options of {name}: a synchronous request freezes the page, which the code audit forbids.", "Drop async: false and continue in the request's callback or promise.");
            }
            else if (method == "open" && call.Arguments.Count >= 3 && call.Arguments[2] is BooleanLiteral { Value: false })
            {
                Add(RuleNames.AmoSyncRequest, call.Arguments[2], "XMLHttpRequest.open with false as its third argument sends a synchronous request, which the code audit forbids.", "Leave the third argument out (requests are asynchronous by default).");
            }

            if (loops > 0 && name != null && AccountRequest(call, name) is string what)
            {
                Add(RuleNames.AmoApiCallInLoop, call, $"{what} inside a loop or an iteration callback: the code audit forbids API requests in loops.", "Collect what the loop needs and send one batched request after it.");
            }

            if ((name == "assign" && callee is MemberExpression { Object: Identifier { Name: "Object" } }) || name == "extend")
            {
                int target = call.Arguments.Count > 0 && call.Arguments[0] is BooleanLiteral ? 1 : 0;
                if (call.Arguments.Count > target && HostRoot(call.Arguments[target]) is string host)
                {
                    Add(RuleNames.AmoHostGlobalWrite, call, $"{name} copies properties into the host's {host} object; the code audit forbids writing to it.", "Copy into the widget's own object instead.");
                }
            }

            if (method == "constant" && call.Arguments.Count >= 2 && HostRoot(((MemberExpression)callee).Object) is string constants)
            {
                Add(RuleNames.AmoHostGlobalWrite, call, $"{constants}.constant(key, value) sets a host constant; the code audit forbids reassigning them.", "Read constants with one argument only.");
            }

            if (method == "createElement" && call.Arguments.Count > 0 && call.Arguments[0] is StringLiteral tag && string.Equals(tag.Value.Trim(), "script", StringComparison.OrdinalIgnoreCase))
            {
                Add(RuleNames.AmoScriptInjected, call, "document.createElement('script') builds a script element; dependencies may only come through the define block.", "List the file in define([...]) and ship it in the archive.");
            }
            else if (method == "getScript")
            {
                Add(RuleNames.AmoScriptInjected, call, "$.getScript loads and runs code outside the define block.", "List the file in define([...]) and ship it in the archive.");
            }

            if (global == "define")
            {
                DefineDependencies(call);
            }
        }

        private void InspectMember(MemberExpression member)
        {
            if (member.Object is Identifier { Name: "console" } && !IsDeclared("console") || (member.Object is MemberExpression { Computed: false } w && w.Object is Identifier { Name: "window" } && KeyName(w.Property) == "console"))
            {
                string method = (member.Computed ? null : KeyName(member.Property)) ?? "[...]";
                bool kommo = run.Platform == AmoPlatform.Kommo;
                if (method == "debug" && !kommo)
                {
                    return;
                }

                if (method == "trace" && handlers > 0)
                {
                    return;
                }

                if (method == "trace" && fails > 0)
                {
                    Add(RuleNames.AmoConsoleUsed, member, "console.trace in a jQuery .fail() callback: amoCRM allows it in a catch block or a Promise rejection handler, and .fail() is not literally one.", "Move it into a catch block or a .then(null, onRejected) handler.", AmoSeverity.Warning);
                    return;
                }

                Add(RuleNames.AmoConsoleUsed, member,
                    method == "debug" ? "console.debug: Kommo's checklist has no console.debug exception (amoCRM allows it)."
                    : method == "trace" ? "console.trace outside a catch block or a Promise rejection handler; the code audit allows it only there."
                    : $"console.{method}: the code audit allows only console.debug{(kommo ? " on amoCRM (and on Kommo none)" : string.Empty)} and console.trace in error handlers.",
                    method == "trace" ? "Move it into the catch block, or remove it." : kommo ? "Remove it: Kommo's checklist allows no console call." : "Remove it, or use console.debug for what the widget needs to log.");
                return;
            }

            if (!member.Computed && KeyName(member.Property) == "getV3WidgetsArea")
            {
                Add(RuleNames.AmoDeprecatedHostApi, member, "getV3WidgetsArea is deprecated by amoCRM.", "Use the documented APP variables and widget callbacks.");
            }
            else if (member.Object is Identifier { Name: "AMOCRM" } && !IsDeclared("AMOCRM") && !writeTargets.Contains(member) && !IsWriteChainOf(member))
            {
                Add(RuleNames.AmoDeprecatedHostApi, member, "script code reads the AMOCRM global, which amoCRM calls deprecated.", "Use the documented APP variables (APP.constant, APP.data).");
            }
        }

        private void InspectWrite(Node write, Node target, string how)
        {
            if (target is Identifier id)
            {
                if (id.Name == "APP" || id.Name == "AMOCRM")
                {
                    if (!IsDeclared(id.Name))
                    {
                        Add(RuleNames.AmoHostGlobalWrite, write, $"{how} replaces the host's {id.Name} object; the code audit forbids writing to it.", "Keep the widget's state in its own object.");
                    }
                }
                else if (!IsDeclared(id.Name) && !WritableGlobals.Contains(id.Name) && implicitGlobals.Add(id.Name))
                {
                    Add(RuleNames.AmoImplicitGlobal, write, $"'{id.Name}' is assigned but declared in no enclosing scope, which makes an implicit global; the code audit requires every variable to be declared.", $"Declare it: var {id.Name} (or let/const) in the function that uses it.");
                }

                return;
            }

            if (target is MemberExpression && HostRoot(target) is string host && !IsLegalHandlers(target))
            {
                MarkWriteChain(target);
                Add(RuleNames.AmoHostGlobalWrite, write, $"{how} writes into the host's {host} object; the code audit forbids writing to it (APP.widgets.legal_handlers is the one documented write).", "Keep the widget's state in its own object.");
            }
        }

        /// <summary>Each member of a written chain (APP.a.b = 1 holds APP.a and APP.a.b), so the deprecated-read rule does not report the write's own target.</summary>
        private void MarkWriteChain(Node target)
        {
            while (target is MemberExpression member)
            {
                writeTargets.Add(member);
                target = member.Object;
            }
        }

        private bool IsWriteChainOf(MemberExpression member) => writeTargets.Contains(member);

        private static bool IsLegalHandlers(Node target) =>
            target is MemberExpression { Computed: false } outer && KeyName(outer.Property) == "legal_handlers"
            && outer.Object is MemberExpression { Computed: false } inner && KeyName(inner.Property) == "widgets"
            && Unwindow(inner.Object) is Identifier { Name: "APP" };

        private void InspectText(Node node, string text)
        {
            if (text.IndexOf("switcher", StringComparison.Ordinal) >= 0 && SwitcherClass.Match(text) is Match { Success: true } switcher)
            {
                Add(RuleNames.AmoSwitcherClass, node, $"the host's switcher class {switcher.Value} is named in the script; both platforms forbid relying on the switcher's styles.", "Read the checkbox with .val() or .prop('checked').");
            }

            if (text.IndexOf("<script", StringComparison.OrdinalIgnoreCase) >= 0 && ScriptTag.IsMatch(text))
            {
                Add(RuleNames.AmoScriptInjected, node, "an HTML string holds a <script> tag: inserted into the page, it runs code outside the define block.", "List the file in define([...]) and ship it in the archive.");
            }
        }

        private void DefineDependencies(CallExpression call)
        {
            foreach (Node argument in call.Arguments)
            {
                if (argument is not ArrayExpression list)
                {
                    continue;
                }

                foreach (Node? element in list.Elements)
                {
                    string? id = element == null ? null : ScriptAnalyzerText.Leading(element);
                    if (id == null || id.Length == 0 || IsKnownModule(id))
                    {
                        continue;
                    }

                    bool remote = id.StartsWith("//", StringComparison.Ordinal) || id.IndexOf("://", StringComparison.Ordinal) > 0;
                    Add(RuleNames.AmoDefineUnknownModule, element!, remote
                        ? $"define loads '{Shorten(id)}' from another host; amoCRM forbids code from external resources (Kommo allows public CDNs only for public libraries)."
                        : $"define depends on '{Shorten(id)}', which is neither a documented system module nor a file of the widget; the host may not provide it.",
                        remote ? "Ship the library in the archive and load it by a relative path." : "Use a documented module id, or ship the file and name it by a relative path.",
                        remote ? AmoSeverity.Error : (AmoSeverity?)null);
                }
            }
        }

        private bool IsKnownModule(string id)
        {
            if (SystemModules.Contains(id) || id.StartsWith("./", StringComparison.Ordinal) || id.StartsWith("../", StringComparison.Ordinal)
                || id.StartsWith("lib/components/", StringComparison.Ordinal))
            {
                return true;
            }

            // "require", "exports" and "module" are RequireJS's own special dependencies (https://requirejs.org/docs/api.html#cjsmodule).
            if (id == "require" || id == "exports" || id == "module")
            {
                return true;
            }

            string path = id.TrimStart('/');
            return ownFile(path) || ownFile(path + ".js");
        }

        private static Node? FindSyncOption(CallExpression call)
        {
            foreach (Node argument in call.Arguments)
            {
                if (argument is ObjectExpression options)
                {
                    foreach (Node item in options.Properties)
                    {
                        if (item is Property { Computed: false } property && KeyName(property.Key) == "async" && property.Value is BooleanLiteral { Value: false })
                        {
                            return property;
                        }
                    }
                }
            }

            return null;
        }

        /// <summary>What a request inside a loop is ("crm_post", "$.ajax to /api/v4/"), or null when it is not one to the account.</summary>
        private static string? AccountRequest(CallExpression call, string name)
        {
            if (name == "crm_post" || name == "$authorizedAjax")
            {
                return name;
            }

            if (!RequestFunctions.Contains(name) || call.Arguments.Count == 0)
            {
                return null;
            }

            string text = ScriptAnalyzerText.All(call.Arguments[0]);
            if (call.Arguments[0] is ObjectExpression options)
            {
                foreach (Node item in options.Properties)
                {
                    if (item is Property { Computed: false } property && KeyName(property.Key) == "url")
                    {
                        text = ScriptAnalyzerText.All(property.Value);
                    }
                }
            }

            foreach (string path in AccountApiPaths)
            {
                if (text.IndexOf(path, StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return $"{name} to the account API ({path})";
                }
            }

            return null;
        }

        /// <summary>"APP" or "AMOCRM" when the expression is that global (or window.X) or a member chain rooted at it, and the name is not a local.</summary>
        private string? HostRoot(Node node)
        {
            while (node is MemberExpression member)
            {
                if (member.Object is Identifier { Name: "window" } && !member.Computed && KeyName(member.Property) is string top && (top == "APP" || top == "AMOCRM"))
                {
                    return top;
                }

                node = member.Object;
            }

            return node is Identifier { Name: "APP" or "AMOCRM" } id && !IsDeclared(id.Name) ? id.Name : null;
        }

        private static Node Unwindow(Node node) =>
            node is MemberExpression { Computed: false, Object: Identifier { Name: "window" } } w && w.Property is Identifier id ? id : node;

        /// <summary>The global a callee names (eval for eval and window.eval), or null when a local of that name is in scope.</summary>
        private string? GlobalName(Node callee)
        {
            Node named = Unwindow(callee);
            return named is Identifier id && (!ReferenceEquals(named, callee) || !IsDeclared(id.Name)) ? id.Name : null;
        }

        private bool IsDeclared(string name)
        {
            for (int i = scopes.Count - 1; i >= 0; i--)
            {
                foreach (string declared in scopes[i])
                {
                    if (string.Equals(declared, name, StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool IsText(Node node) => node is StringLiteral or TemplateLiteral || (node is BinaryExpression { Operator: Operator.Addition } b && (IsText(b.Left) || IsText(b.Right)));

        /// <summary>
        /// AmoCommentedOutCode: a comment whose text parses as statements with an assignment, a declaration or a member
        /// call (the audit's example is // var a = APP.constant('account').id). Prose seldom parses, and when it does
        /// ("see: foo" is a label) it has none of those; JSDoc (/**) and license comments (/*!, "license", "copyright")
        /// are left alone. A run of commented lines is one finding, at its first line.
        /// </summary>
        private void CommentedOutCode()
        {
            int lastLine = -2;
            foreach (Comment comment in tree.Comments)
            {
                int line = comment.Location.Start.Line;
                bool continues = comment.Kind == CommentKind.Line && line == lastLine + 1;
                string text = comment.GetContent(tree.Code).ToString();
                if (comment.Kind != CommentKind.Line)
                {
                    if (text.StartsWith("*", StringComparison.Ordinal) || text.StartsWith("!", StringComparison.Ordinal)
                        || text.IndexOf("license", StringComparison.OrdinalIgnoreCase) >= 0 || text.IndexOf("copyright", StringComparison.OrdinalIgnoreCase) >= 0)
                    {
                        continue;
                    }

                    text = Regex.Replace(text, @"(?m)^\s*\*", string.Empty);
                }

                if (text.Length > 20000 || (text.IndexOf('=') < 0 && text.IndexOf('(') < 0) || !IsCode(text))
                {
                    continue;
                }

                if (!continues)
                {
                    run.Add(RuleNames.AmoCommentedOutCode, display, $"a comment holds code that was switched off: {Shorten(text.Trim())}",
                        "Delete it: the code audit allows only explanatory comments.", line: line, column: comment.Location.Start.Column + 1);
                }

                lastLine = comment.Location.End.Line;
            }
        }

        /// <summary>One parser for the comments of a file (a parser is reusable, one parse at a time).</summary>
        private Parser? commentParser;

        private bool IsCode(string text)
        {
            Script script;
            try
            {
                commentParser ??= new Parser(new ParserOptions { AllowReturnOutsideFunction = true });
                script = commentParser.ParseScript(text);
            }
            catch (ParseErrorException)
            {
                return false;
            }
            catch (InsufficientExecutionStackException)
            {
                return false;
            }

            foreach (Statement statement in script.Body)
            {
                if (statement is VariableDeclaration
                    || statement is ExpressionStatement { Expression: AssignmentExpression }
                    || statement is ExpressionStatement { Expression: CallExpression { Callee: MemberExpression } })
                {
                    return true;
                }
            }

            return false;
        }

        private void Add(string rule, Node node, string message, string? suggestion, AmoSeverity? severity = null)
        {
            if (run.Lists(rule, display))
            {
                run.Add(rule, display, message, suggestion, severity, node.Location.Start.Line, node.Location.Start.Column + 1);
            }
            else
            {
                run.Omit(rule, display, severity);
            }
        }

        private static string Shorten(string text)
        {
            string line = text.Replace('\n', ' ').Replace('\r', ' ');
            return line.Length <= 120 ? line : line.Substring(0, 120) + "...";
        }

        private static string? KeyName(Node key) => key switch
        {
            Identifier id => id.Name,
            StringLiteral s => s.Value,
            _ => null,
        };
    }

    /// <summary>The text of string expressions: the literal parts of a string, a template or a '+' chain.</summary>
    internal static class ScriptAnalyzerText
    {
        /// <summary>The text an expression starts with, or null when it does not start with literal text.</summary>
        public static string? Leading(Node node) => node switch
        {
            StringLiteral s => s.Value,
            TemplateLiteral t when t.Quasis.Count > 0 => t.Quasis[0].Value.Cooked ?? t.Quasis[0].Value.Raw,
            BinaryExpression { Operator: Operator.Addition } b => Leading(b.Left),
            _ => null,
        };

        /// <summary>Every literal part joined (a URL built as `${base}/api/v4/leads` gives "/api/v4/leads").</summary>
        public static string All(Node node) => node switch
        {
            StringLiteral s => s.Value,
            TemplateLiteral t => string.Concat(System.Linq.Enumerable.Select(t.Quasis, q => q.Value.Cooked ?? q.Value.Raw)),
            BinaryExpression { Operator: Operator.Addition } b => All(b.Left) + All(b.Right),
            _ => string.Empty,
        };
    }
}
