using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace AmoWidget.HelpGen
{
    /// <summary>What the engine knows about a command: the part of its help that must never drift from the code.</summary>
    public sealed class CommandFacts
    {
        private CommandFacts(string name)
        {
            Name = name;
            int dash = name.IndexOf('-');
            Verb = dash > 0 ? name.Substring(0, dash) : name;
            Noun = dash > 0 ? name.Substring(dash + 1) : string.Empty;
        }

        public string Name { get; }

        public string Verb { get; }

        public string Noun { get; }

        /// <summary>Parameter sets, the default one first, as Get-Command -Syntax lists them.</summary>
        public List<SetFacts> Sets { get; } = new List<SetFacts>();

        /// <summary>Every non-common parameter once, in declaration order.</summary>
        public List<ParameterFacts> Parameters { get; } = new List<ParameterFacts>();

        public List<string> OutputTypes { get; } = new List<string>();

        /// <summary>Reads a command's metadata; needs the command's runspace as the thread's default runspace.</summary>
        public static CommandFacts From(CommandInfo command)
        {
            var facts = new CommandFacts(command.Name);
            var byName = new Dictionary<string, ParameterFacts>(StringComparer.OrdinalIgnoreCase);
            IEnumerable<CommandParameterSetInfo> sets = command.ParameterSets.OrderByDescending(s => s.IsDefault);
            foreach (CommandParameterSetInfo set in sets)
            {
                var setFacts = new SetFacts(set.Name);
                foreach (CommandParameterInfo p in set.Parameters)
                {
                    if (IsCommon(p.Name))
                    {
                        continue;
                    }

                    if (!byName.TryGetValue(p.Name, out ParameterFacts? pf))
                    {
                        pf = new ParameterFacts(p);
                        byName.Add(p.Name, pf);
                    }

                    pf.Absorb(p);
                    setFacts.Parameters.Add(new SetParameter(pf, p.IsMandatory, p.Position));
                }

                facts.Sets.Add(setFacts);
            }

            // Declaration order (the metadata's), not the order sets happen to list them in.
            foreach (string name in command.Parameters.Keys)
            {
                if (byName.TryGetValue(name, out ParameterFacts? pf))
                {
                    facts.Parameters.Add(pf);
                }
            }

            foreach (PSTypeName t in command.OutputType)
            {
                string name = t.Type?.FullName ?? t.Name;
                if (!facts.OutputTypes.Contains(name))
                {
                    facts.OutputTypes.Add(name);
                }
            }

            return facts;
        }

        /// <summary>
        /// The parameters every cmdlet gets from the engine. WhatIf and Confirm are not among them: they are
        /// documented per cmdlet, with a standard text when the markdown has none.
        /// </summary>
        public static bool IsCommon(string name) => Cmdlet.CommonParameters.Contains(name) ||
            name.Equals("UseTransaction", StringComparison.OrdinalIgnoreCase);
    }

    public sealed class SetFacts
    {
        public SetFacts(string name)
        {
            Name = name;
        }

        public string Name { get; }

        public List<SetParameter> Parameters { get; } = new List<SetParameter>();
    }

    public sealed class SetParameter
    {
        public SetParameter(ParameterFacts parameter, bool mandatory, int position)
        {
            Parameter = parameter;
            Mandatory = mandatory;
            Position = position;
        }

        public ParameterFacts Parameter { get; }

        public bool Mandatory { get; }

        /// <summary>0-based position, or int.MinValue when the parameter is named only.</summary>
        public int Position { get; }

        public bool IsPositional => Position != int.MinValue;
    }

    public sealed class ParameterFacts
    {
        private int _sets;
        private int _mandatorySets;

        public ParameterFacts(CommandParameterInfo p)
        {
            Name = p.Name;
            Type = p.ParameterType;
            Aliases = p.Aliases.ToList();
            Globbing = p.Attributes.OfType<SupportsWildcardsAttribute>().Any();
        }

        public string Name { get; }

        public Type Type { get; }

        public List<string> Aliases { get; }

        public bool Globbing { get; }

        public bool IsSwitch => Type == typeof(SwitchParameter);

        public bool ByValue { get; private set; }

        public bool ByPropertyName { get; private set; }

        /// <summary>Mandatory in every set it belongs to.</summary>
        public bool Required => _sets > 0 && _mandatorySets == _sets;

        /// <summary>The position it has in the sets where it is positional (the first such), or int.MinValue.</summary>
        public int Position { get; private set; } = int.MinValue;

        public string ShortTypeName => FriendlyName(Type, full: false);

        public string FullTypeName => FriendlyName(Type, full: true);

        public string PipelineInput => (ByValue, ByPropertyName) switch
        {
            (true, true) => "True (ByPropertyName, ByValue)",
            (true, false) => "True (ByValue)",
            (false, true) => "True (ByPropertyName)",
            _ => "False",
        };

        internal void Absorb(CommandParameterInfo p)
        {
            _sets++;
            if (p.IsMandatory)
            {
                _mandatorySets++;
            }

            ByValue |= p.ValueFromPipeline;
            ByPropertyName |= p.ValueFromPipelineByPropertyName;
            if (Position == int.MinValue && p.Position != int.MinValue)
            {
                Position = p.Position;
            }
        }

        /// <summary>Names as a PowerShell user writes them: String[], Nullable`1[Boolean] shown as Boolean.</summary>
        private static string FriendlyName(Type type, bool full)
        {
            Type? underlying = Nullable.GetUnderlyingType(type);
            if (underlying != null)
            {
                return FriendlyName(underlying, full);
            }

            if (type.IsArray)
            {
                return FriendlyName(type.GetElementType()!, full) + "[]";
            }

            if (type.IsGenericType)
            {
                string name = full ? type.GetGenericTypeDefinition().FullName! : type.Name;
                int tick = name.IndexOf('`');
                string args = string.Join(", ", type.GetGenericArguments().Select(a => FriendlyName(a, full)));
                return (tick < 0 ? name : name.Substring(0, tick)) + "[" + args + "]";
            }

            return full ? type.FullName ?? type.Name : type.Name;
        }
    }
}
