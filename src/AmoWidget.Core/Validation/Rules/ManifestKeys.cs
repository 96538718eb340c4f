using System;
using System.Collections.Generic;
using System.Linq;
using AmoWidget.Json;
using AmoWidget.Widget;

namespace AmoWidget.Validation.Rules
{
    /// <summary>
    /// AmoKeyUnknown: a key no documented block has, at the top level or inside a documented block. A misspelt key
    /// gets the nearest documented one ("locatons": did you mean "locations"?), and a documented key in the wrong
    /// place is named as such ("webhook_url" at the top level belongs in dp). The shipped schema lists the same keys
    /// per place (additionalProperties false), so editors flag them too.
    /// </summary>
    internal static class ManifestKeys
    {
        /// <summary>The order the blocks' unknown keys are listed in.</summary>
        private static readonly AmoBlockInfo[] WalkOrder =
            AmoBlockCatalog.InOrder("widget", "settings", "dp", "advanced", "sms", "mobile", "amoforms_settings", "tour", "salesbot_designer", "left_menu");

        public static void KeyUnknown(ManifestContext m)
        {
            JsonRef root = m.Root;
            if (!root.IsObject)
            {
                return;
            }

            bool repeats = m.HasRepeatedKeys;
            Check(m, root, AmoBlockCatalog.Root);
            foreach (AmoBlockInfo block in WalkOrder)
            {
                JsonRef obj = m.Block(block.Key);
                if (obj.IsObject)
                {
                    foreach (KeyPlace place in block.Places)
                    {
                        Visit(m, obj, place, 0, repeats);
                    }
                }
            }
        }

        /// <summary>Checks every object of <paramref name="place"/> reached from <paramref name="from"/> along its route (from step <paramref name="step"/>), then the places below each.</summary>
        private static void Visit(ManifestContext m, JsonRef from, KeyPlace place, int step, bool repeats)
        {
            if (step == place.Route.Count)
            {
                Check(m, from, place);
                foreach (KeyPlace child in place.Children)
                {
                    Visit(m, from, child, 0, repeats);
                }

                return;
            }

            string key = place.Route[step];
            if (key != KeyPlace.AnyMember)
            {
                JsonRef next = from[key];
                if (next.IsObject)
                {
                    Visit(m, next, place, step + 1, repeats);
                }

                return;
            }

            foreach (JsonRef member in from.AsObject)
            {
                if (IsKeptObject(member, repeats) && !IsNotMember(place, member.Key!))
                {
                    Visit(m, member, place, step + 1, repeats);
                }
            }
        }

        private static bool IsNotMember(KeyPlace place, string key)
        {
            foreach (string reserved in place.NotMembers)
            {
                if (reserved == key)
                {
                    return true;
                }
            }

            return false;
        }

        private static void Check(ManifestContext m, JsonRef obj, KeyPlace place)
        {
            JsonIndexEntry[] entries = m.Json.Entries;
            int id = obj.Id;
            for (int member = id + 1, left = entries[id].Count; left > 0; member = entries[member].Next, left--)
            {
                // A repeated key is reported once, at the value readers keep (the last).
                string key = entries[member].Key!;
                if (place.Documents(key) || entries[member].Shadowed)
                {
                    continue;
                }

                // A key that is neither tolerated nor a comment is a finding whatever its near-miss: past the rule's cap it
                // is only counted, and no near-miss is worked out for it.
                if (!place.Tolerates(key) && !key.StartsWith("_", StringComparison.Ordinal) && !m.Run.Lists(RuleNames.AmoKeyUnknown, m.File))
                {
                    m.Run.Omit(RuleNames.AmoKeyUnknown, m.File);
                    continue;
                }

                var property = new JsonRef(m.Json, member);
                string? near = place.NearMissOf(key);
                if (near != null && !obj.ContainsKey(near))
                {
                    Report(m, property, $"\"{key}\" is not {Where(place)}; amoCRM ignores it.", DidYouMean(obj, near));
                    continue;
                }

                if (place.Tolerates(key) || key.StartsWith("_", StringComparison.Ordinal))
                {
                    continue;
                }

                KeyPlace? home = HomeOf(key, place);
                if (home != null)
                {
                    Report(m, property, $"\"{key}\" is not {Where(place)}: it belongs in {home.Name}, so amoCRM ignores it here.",
                        $"Move it to {home.Path(key)}.");
                }
                else
                {
                    Report(m, property, $"\"{key}\" is not {Where(place)}; amoCRM ignores it.",
                        near != null ? DidYouMean(obj, near) : $"The documented keys of {place.Name} are {string.Join(", ", place.Documented)}.");
                }
            }
        }

        /// <summary>The first other place that documents the key, or null (a loop, not a lambda: a closure here would be made for every key checked).</summary>
        private static KeyPlace? HomeOf(string key, KeyPlace place)
        {
            foreach (KeyPlace other in AmoBlockCatalog.Places)
            {
                if (other != place && other.Documents(key))
                {
                    return other;
                }
            }

            return null;
        }

        /// <summary>How a message names a key of the place ("a top-level key", "a key of widget"); built only for a finding.</summary>
        private static string Where(KeyPlace place) => place == AmoBlockCatalog.Root ? "a top-level key" : $"a key of {place.Name}";

        private static string DidYouMean(JsonRef obj, string near) =>
            !obj.Parent.Exists ? $"Did you mean \"{near}\"?" : $"Did you mean \"{near}\" ({JsonPointer.Display(obj.Pointer + "/" + JsonPointer.Escape(near))})?";

        private static void Report(ManifestContext m, JsonRef property, string message, string suggestion)
        {
            (int line, int column) = property.KeyPosition;
            m.Run.Add(RuleNames.AmoKeyUnknown, m.File, message, suggestion, null, line, column, property.Pointer);
        }

        /// <summary>A member that is an object and the one readers keep (the last of a repeated key).</summary>
        private static bool IsKeptObject(JsonRef member, bool repeats) => member.IsObject && (!repeats || member.IsLastOfKey);
    }
}
