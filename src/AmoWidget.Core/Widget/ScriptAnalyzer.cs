using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using Acornima;
using Acornima.Ast;

namespace AmoWidget.Widget
{
    /// <summary>What script.js says about itself: a syntax error, or the callback names it defines.</summary>
    internal sealed class ScriptFacts
    {
        public string? SyntaxError { get; set; }

        public int Line { get; set; }

        public int Column { get; set; }

        /// <summary>Whether a callbacks object (<c>this.callbacks = {...}</c> or <c>callbacks: {...}</c>) was found.</summary>
        public bool FoundCallbacks { get; set; }

        /// <summary>Callback names, nested ones dotted (<c>leads.selected</c>).</summary>
        public HashSet<string> Callbacks { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Where the (first) callbacks object starts, 1-based; 0 when none was found.</summary>
        public int CallbacksLine { get; set; }

        public int CallbacksColumn { get; set; }

        /// <summary>
        /// The addresses the script loads code from, as far as the source spells them: each string (or the text a
        /// concatenation or template starts with) given to require/requirejs/define, $.getScript, fetch, import(), an
        /// import declaration, or assigned to (or set as the attribute) <c>src</c>; with where it is, 1-based.
        /// </summary>
        public List<ScriptLoad> Loads { get; } = new List<ScriptLoad>();

        /// <summary>The tree with its scopes and comments, kept when the caller asked (the moderation rules walk it again).</summary>
        public ScriptTree? Tree { get; set; }
    }

    /// <summary>
    /// A parsed script with what the parser knows of its scopes: for each node that opens a scope (the program, a
    /// function, a block, a catch clause, a for statement), the names declared in it (var and parameters, let, const,
    /// class, function declarations), as Acornima reports them through ParserOptions.OnNode; and every comment.
    /// </summary>
    internal sealed class ScriptTree
    {
        public ScriptTree(string code, Node program, Dictionary<Node, string[]> declared, List<Comment> comments)
        {
            Code = code;
            Program = program;
            Declared = declared;
            Comments = comments;
        }

        public string Code { get; }

        public Node Program { get; }

        /// <summary>The names each scope node declares; a node that declares nothing is absent.</summary>
        public Dictionary<Node, string[]> Declared { get; }

        public List<Comment> Comments { get; }
    }

    /// <summary>An address script.js loads code from, and where the source names it.</summary>
    internal readonly struct ScriptLoad
    {
        public ScriptLoad(string address, int line, int column)
        {
            Address = address;
            Line = line;
            Column = column;
        }

        public string Address { get; }

        public int Line { get; }

        public int Column { get; }
    }

    /// <summary>
    /// Parses script.js with a real JavaScript parser and collects the widget's callbacks, wherever the AMD
    /// module puts them: <c>this.callbacks = {...}</c>, <c>self.callbacks = {...}</c>, <c>callbacks: {...}</c> in an
    /// object literal, and one-by-one assignments such as <c>this.callbacks.render = function () {...}</c>.
    /// </summary>
    internal static class ScriptAnalyzer
    {
        /// <summary>
        /// The stack the parse runs on. Acornima recurses once per nesting level and, when the stack runs low, throws
        /// InsufficientExecutionStackException (it has no depth option); a stack of its own makes that depth the same
        /// whoever calls (a pipeline thread, a test runner) and deep enough for any real script (thousands of levels).
        /// </summary>
        internal const int ParserStackBytes = 16 * 1024 * 1024;

        public static ScriptFacts Analyze(string code, bool keepTree = false)
        {
            var facts = new ScriptFacts();
            Node? program = ParseOnOwnStack(code, facts, keepTree);
            if (program == null)
            {
                return facts;
            }

            var pending = new Stack<Node>();
            pending.Push(program);
            while (pending.Count > 0)
            {
                Node node = pending.Pop();
                switch (node)
                {
                    case AssignmentExpression assignment:
                        Collect(facts, assignment.Left, assignment.Right);
                        break;
                    case ObjectProperty property when !property.Computed && KeyName(property.Key) == "callbacks" && property.Value is ObjectExpression value:
                        AddObject(facts, value, string.Empty);
                        break;
                }

                CollectLoad(facts, node);

                foreach (Node child in node.ChildNodes)
                {
                    pending.Push(child);
                }
            }

            return facts;
        }

        /// <summary>The program, or null with the syntax error (or the place where nesting went too deep) in <paramref name="facts"/>.</summary>
        /// <summary>Any JavaScript file, parsed with its scopes and comments; null with the syntax error in <paramref name="facts"/>.</summary>
        public static ScriptTree? ParseTree(string code, ScriptFacts facts)
        {
            ParseOnOwnStack(code, facts, keepTree: true);
            return facts.Tree;
        }

        /// <summary>The same on the calling thread, for a caller already on <see cref="OnParserStack"/> (one thread for many files).</summary>
        internal static ScriptTree? ParseTreeHere(string code, ScriptFacts facts)
        {
            Parse(code, facts, keepTree: true);
            return facts.Tree;
        }

        private static Node? ParseOnOwnStack(string code, ScriptFacts facts, bool keepTree)
        {
            Node? program = null;
            OnParserStack(() => program = Parse(code, facts, keepTree));
            return program;
        }

        /// <summary>Set on a thread <see cref="OnParserStack"/> started, whose stack is already the parser's.</summary>
        [ThreadStatic]
        private static bool onParserStack;

        /// <summary>
        /// Runs <paramref name="action"/> on a thread with the parser's stack (a walk of the tree recurses as deep as
        /// the parse did); its exception is rethrown here. Called on such a thread, it runs the action there: a thread
        /// with a 16 MB stack costs a few tenths of a millisecond to start, as much as a whole small check.
        /// </summary>
        internal static void OnParserStack(Action action)
        {
            if (onParserStack)
            {
                action();
                return;
            }

            ExceptionDispatchInfo? failure = null;
            var thread = new Thread(() =>
            {
                onParserStack = true;
                try
                {
                    action();
                }
                catch (Exception ex)
                {
                    failure = ExceptionDispatchInfo.Capture(ex);
                }
            }, ParserStackBytes);
            thread.Name = "AmoWidget script parser";
            thread.Start();
            thread.Join();
            failure?.Throw();
        }

        private static Node? Parse(string code, ScriptFacts facts, bool keepTree)
        {
            SourceLocation last = default;
            void Track(in Token token) => last = token.Location;
            Dictionary<Node, string[]>? declared = null;
            List<Comment>? comments = null;
            void Scope(Node node, in OnNodeContext context)
            {
                if (context.HasScope)
                {
                    ref readonly Acornima.Scope scope = ref context.Scope;
                    int count = scope.VarVariables.Length + scope.LexicalVariables.Length + scope.Functions.Length;
                    if (count > 0)
                    {
                        var names = new string[count];
                        int i = 0;
                        foreach (Identifier id in scope.VarVariables)
                        {
                            names[i++] = id.Name;
                        }

                        foreach (Identifier id in scope.LexicalVariables)
                        {
                            names[i++] = id.Name;
                        }

                        foreach (Identifier id in scope.Functions)
                        {
                            names[i++] = id.Name;
                        }

                        declared![node] = names;
                    }
                }
            }

            void Remember(in Comment comment) => comments!.Add(comment);
            ParserOptions Options(bool script)
            {
                var options = new ParserOptions { AllowReturnOutsideFunction = script, OnToken = Track };
                if (keepTree)
                {
                    declared = new Dictionary<Node, string[]>();
                    comments = new List<Comment>();
                    options = options with { OnNode = Scope, OnComment = Remember };
                }

                return options;
            }

            Node? Keep(Node program)
            {
                if (keepTree)
                {
                    facts.Tree = new ScriptTree(code, program, declared!, comments!);
                }

                return program;
            }

            try
            {
                try
                {
                    return Keep(new Parser(Options(script: true)).ParseScript(code));
                }
                catch (ParseErrorException scriptError)
                {
                    // An ES module (import/export) is not an AMD script but still valid JavaScript: accept it when it parses as one.
                    try
                    {
                        return Keep(new Parser(Options(script: false)).ParseModule(code));
                    }
                    catch (ParseErrorException)
                    {
                        facts.SyntaxError = scriptError.Description;
                        facts.Line = scriptError.LineNumber;
                        facts.Column = scriptError.Column + 1;
                        return null;
                    }
                }
            }
            catch (InsufficientExecutionStackException)
            {
                facts.SyntaxError = "nesting too deep for the parser here (brackets, calls, operators or functions nested thousands of levels deep)";
                facts.Line = last.Start.Line;
                facts.Column = last.Start.Column + 1;
                return null;
            }
        }

        private static void Collect(ScriptFacts facts, Node left, Node right)
        {
            if (left is not MemberExpression member || member.Computed)
            {
                return;
            }

            string? name = KeyName(member.Property);
            if (name == "callbacks" && right is ObjectExpression literal)
            {
                AddObject(facts, literal, string.Empty);
            }
            else if (name != null && member.Object is MemberExpression owner && !owner.Computed && KeyName(owner.Property) == "callbacks")
            {
                Mark(facts, owner);
                facts.Callbacks.Add(name);
            }
            else if (name != null && member.Object is MemberExpression inner && !inner.Computed
                && inner.Object is MemberExpression outer && !outer.Computed && KeyName(outer.Property) == "callbacks")
            {
                Mark(facts, outer);
                facts.Callbacks.Add(KeyName(inner.Property) + "." + name);
            }
        }

        /// <summary>
        /// The loads a node names. RequireJS takes a dependency with a protocol (or starting with '/' or ending in .js)
        /// as a URL and loads it through a script element (https://requirejs.org/docs/api.html#jsfiles), which is how a
        /// development loader reaches the dev server; a created script's <c>src</c>, <c>$.getScript</c>
        /// (https://api.jquery.com/jQuery.getScript/), <c>fetch</c> and <c>import()</c> are the other ways a script
        /// pulls code at run time.
        /// </summary>
        private static void CollectLoad(ScriptFacts facts, Node node)
        {
            switch (node)
            {
                case CallExpression call:
                    string? callee = CalleeName(call.Callee);
                    if (callee == "require" || callee == "requirejs" || callee == "define")
                    {
                        foreach (Node argument in call.Arguments)
                        {
                            if (argument is ArrayExpression list)
                            {
                                foreach (Node? element in list.Elements)
                                {
                                    AddLoad(facts, element);
                                }
                            }
                            else
                            {
                                AddLoad(facts, argument);
                            }
                        }
                    }
                    else if ((callee == "getScript" || callee == "fetch") && call.Arguments.Count > 0)
                    {
                        AddLoad(facts, call.Arguments[0]);
                    }
                    else if (callee == "setAttribute" && call.Arguments.Count > 1 && LeadingText(call.Arguments[0]) is string attribute
                        && string.Equals(attribute, "src", StringComparison.OrdinalIgnoreCase))
                    {
                        AddLoad(facts, call.Arguments[1]);
                    }

                    break;
                case ImportExpression import:
                    AddLoad(facts, import.Source);
                    break;
                case ImportDeclaration declaration:
                    AddLoad(facts, declaration.Source);
                    break;
                case AssignmentExpression { Left: MemberExpression { Computed: false } target } assignment when KeyName(target.Property) == "src":
                    AddLoad(facts, assignment.Right);
                    break;
            }
        }

        /// <summary>The called function's own name: <c>require</c> for <c>require(...)</c>, <c>getScript</c> for <c>$.getScript(...)</c>.</summary>
        private static string? CalleeName(Node callee) => callee switch
        {
            Identifier id => id.Name,
            MemberExpression { Computed: false } member => KeyName(member.Property),
            _ => null,
        };

        private static void AddLoad(ScriptFacts facts, Node? argument)
        {
            if (argument != null && LeadingText(argument) is string text && text.Length > 0)
            {
                facts.Loads.Add(new ScriptLoad(text, argument.Location.Start.Line, argument.Location.Start.Column + 1));
            }
        }

        /// <summary>The text an expression starts with: a string, a template's first part, the left end of a '+' chain.</summary>
        private static string? LeadingText(Node node) => node switch
        {
            StringLiteral s => s.Value,
            TemplateLiteral t when t.Quasis.Count > 0 => t.Quasis[0].Value.Cooked ?? t.Quasis[0].Value.Raw,
            BinaryExpression { Operator: Operator.Addition } b => LeadingText(b.Left),
            _ => null,
        };

        private static void AddObject(ScriptFacts facts, ObjectExpression literal, string prefix)
        {
            Mark(facts, literal);
            foreach (Node item in literal.Properties)
            {
                if (item is not Property property || property.Computed)
                {
                    continue;
                }

                string? key = KeyName(property.Key);
                if (key == null)
                {
                    continue;
                }

                facts.Callbacks.Add(prefix + key);
                if (prefix.Length == 0 && property.Value is ObjectExpression nested)
                {
                    foreach (Node inner in nested.Properties)
                    {
                        if (inner is Property p && !p.Computed && KeyName(p.Key) is string innerKey)
                        {
                            facts.Callbacks.Add(key + "." + innerKey);
                        }
                    }
                }
            }
        }

        private static void Mark(ScriptFacts facts, Node node)
        {
            if (!facts.FoundCallbacks)
            {
                facts.FoundCallbacks = true;
                facts.CallbacksLine = node.Location.Start.Line;
                facts.CallbacksColumn = node.Location.Start.Column + 1;
            }
        }

        private static string? KeyName(Node key) => key switch
        {
            Identifier id => id.Name,
            StringLiteral s => s.Value,
            _ => null,
        };
    }
}
