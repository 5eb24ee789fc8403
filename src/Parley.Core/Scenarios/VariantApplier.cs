using System.Globalization;
using Parley.Core.Scenarios.Yaml;

namespace Parley.Core.Scenarios;

/// <summary>
/// Applies a variant to the YAML tree of a scenario, so that the patched tree goes through the same
/// binding and validation as the base, and every problem points at the variant's own lines.
/// </summary>
internal static class VariantApplier
{
    /// <summary>Number fields a variant may add where the base leaves them out.</summary>
    internal static readonly string[] SettableFields =
        ["capability", "patience", "risk_attitude", "credibility", "alternative", "role", "signs", "position", "salience", "at_least", "at_most", "p_prevail", "trend", "volatility"];

    private static readonly string[] ActorMaps = ["costs", "guarantees", "limits", "rearmament", "aid", "economy", "defection", .. Parley.Core.Domain.AgreementTerms.TermNames];

    public static YMapping? FindVariant(YNode root, string id)
    {
        if (root is YMapping m && m.Get("variants") is YSequence seq)
        {
            foreach (YNode item in seq.Items)
            {
                if (item is YMapping vm && vm.Get("id") is YScalar s && s.Value == id)
                {
                    return vm;
                }
            }
        }

        return null;
    }

    public static IReadOnlyList<string> VariantIds(YNode root)
    {
        var ids = new List<string>();
        if (root is YMapping m && m.Get("variants") is YSequence seq)
        {
            foreach (YNode item in seq.Items)
            {
                if (item is YMapping vm && vm.Get("id") is YScalar s)
                {
                    ids.Add(s.Value);
                }
            }
        }

        return ids;
    }

    /// <summary>Returns the tree with every change of <paramref name="variant"/> applied; problems go to <paramref name="ctx"/>.</summary>
    public static YNode Apply(YNode root, YMapping variant, BindContext ctx)
    {
        YNode current = root;

        // removals, then additions, then the numbers: a variant can drop a red line and draw another in one go
        if (variant.Get("remove") is YSequence removals)
        {
            foreach (YNode item in removals.Items)
            {
                (YScalar? pathNode, YNode? what) = item switch
                {
                    YScalar sc => (sc, null),
                    YMapping { Entries.Count: 1 } one => (one.Entries[0].Key, one.Entries[0].Value),
                    _ => ((YScalar?)null, (YNode?)null),
                };
                if (pathNode is null)
                {
                    ctx.Error(DiagnosticCodes.VariantPath, item, "an item of 'remove' is a path, or one 'path: item' pair for an item of a list",
                        "e.g. '- actors.ukraine.stances.territory.red_line' or '- channels.links: [uk, russia]'");
                    continue;
                }

                if (Path(pathNode, ctx) is string[] path && Remove(current, path, 0, pathNode, what, ctx) is YNode removed)
                {
                    current = RemovedActorReferences(removed, path, what);
                }
            }
        }

        if (variant.Get("add") is YMapping additions)
        {
            foreach (KeyValuePair<YScalar, YNode> change in additions.Entries)
            {
                if (Path(change.Key, ctx) is string[] path && Add(current, path, 0, change, ctx) is YNode added)
                {
                    current = added;
                }
            }
        }

        foreach (string op in (string[])["set", "shift"])
        {
            if (variant.Get(op) is not YMapping changes)
            {
                continue;
            }

            foreach (KeyValuePair<YScalar, YNode> change in changes.Entries)
            {
                if (Path(change.Key, ctx) is not string[] path)
                {
                    continue;
                }

                if (path.Length < 2)
                {
                    ctx.Error(DiagnosticCodes.VariantPath, change.Key, $"'{change.Key.Value}' is not a path to a number",
                        "write a dotted path such as actors.russia.capability or actors.ukraine.stances.territory.salience");
                    continue;
                }

                // a number set by the variant is the variant's, not the block's: it keeps none of the quotes written for the
                // number it replaces and carries the variant's own source, estimate and note
                KeyValuePair<YScalar, YNode> applied = op != "set" || !IsQuantityPath(path) ? change : change.Value switch
                {
                    YScalar { IsPlain: true } number when number.TryGetNumber(out _) => new KeyValuePair<YScalar, YNode>(change.Key, OwnNumber(number, variant)),
                    YMapping m when m.Get("value") is not null => new KeyValuePair<YScalar, YNode>(change.Key, OwnNumber(m, variant)),
                    _ => change,
                };
                YNode? patched = Patch(current, path, 0, applied, op == "shift", ctx);
                if (patched is not null)
                {
                    current = patched;
                }
            }
        }

        // what the variant stipulates joins the scenario's own stipulations (the variant's win on the same issue)
        if (variant.Get("stipulates") is YMapping stipulates && current is YMapping top)
        {
            var merged = new List<KeyValuePair<YScalar, YNode>>();
            if (top.Get("stipulations") is YMapping own)
            {
                merged.AddRange(own.Entries.Where(e => stipulates.Get(e.Key.Value) is null));
            }

            merged.AddRange(stipulates.Entries);
            var entries = top.Entries.Where(e => e.Key.Value != "stipulations").ToList();
            entries.Add(new KeyValuePair<YScalar, YNode>(new YScalar("stipulations", true, stipulates.Line, stipulates.Column), new YMapping(merged, stipulates.Line, stipulates.Column)));
            current = new YMapping(entries, top.Line, top.Column);
        }

        // The variants block itself is not part of the variant's scenario.
        return current;
    }

    private static string[]? Path(YScalar key, BindContext ctx)
    {
        string[] path = key.Value.Split('.');
        if (path.Length == 0 || Array.Exists(path, p => p.Length == 0))
        {
            ctx.Error(DiagnosticCodes.VariantPath, key, $"'{key.Value}' is not a path", "write a dotted path such as actors.ukraine.stances.territory.red_line");
            return null;
        }

        if (Untouchable(path[0]))
        {
            ctx.Error(DiagnosticCodes.VariantPath, key, $"a variant cannot change '{path[0]}'", "a variant changes the scenario's actors, issues, channels, dynamics and agreement; not the file's version, the variants or the claims");
            return null;
        }

        return path;
    }

    private static bool Untouchable(string top) => top is "variants" or "claims" or "parley";

    // the settable fields that are numbers with provenance (role and signs are settings)
    private static readonly string[] QuantityFields = [.. SettableFields.Where(f => f is not ("role" or "signs"))];

    private static readonly string[] QuantityMaps = ["costs", "guarantees", "rearmament", "aid", "economy", "defection"];

    private static bool IsQuantityPath(string[] path) =>
        path[0] is "actors" or "dynamics" or "agreement" && (QuantityFields.Contains(path[^1]) || (path.Length >= 2 && QuantityMaps.Contains(path[^2])));

    private static YMapping OwnNumber(YScalar number, YMapping variant) =>
        OwnNumber(new YMapping([new(new YScalar("value", true, number.Line, number.Column), number)], number.Line, number.Column), variant);

    /// <summary>The number as the variant writes it, plus what it does not say of its own: no quotes, the variant's provenance.</summary>
    private static YMapping OwnNumber(YMapping number, YMapping variant)
    {
        var entries = new List<KeyValuePair<YScalar, YNode>>(number.Entries);
        if (number.Get("cite") is null)
        {
            entries.Add(new(new YScalar("cite", true, number.Line, number.Column), new YSequence([], number.Line, number.Column)));
        }

        foreach (string key in (string[])["source", "estimate", "note"])
        {
            if (number.Get(key) is null && variant.Get(key) is YNode v)
            {
                entries.Add(new(new YScalar(key, true, number.Line, number.Column), v));
            }
        }

        return new YMapping(entries, number.Line, number.Column);
    }

    /// <summary>The tree without what the path names (a mapping's entry, a list's entry by id) or, with an item, without that item of the list.</summary>
    private static YNode? Remove(YNode node, string[] path, int index, YScalar at, YNode? item, BindContext ctx)
    {
        string seg = path[index];
        bool last = index == path.Length - 1;
        string soFar = string.Join('.', path, 0, index + 1);
        if (node is YMapping m)
        {
            YNode? child = m.Get(seg);
            if (child is null)
            {
                ReportMissing(at, soFar, seg, KeysOf(m), ctx);
                return null;
            }

            if (last && item is null)
            {
                return new YMapping([.. m.Entries.Where(e => e.Key.Value != seg)], m.Line, m.Column);
            }

            if (last)
            {
                if (child is not YSequence list)
                {
                    ctx.Error(DiagnosticCodes.VariantPath, at, $"'{soFar}' is not a list, so it has no item to remove", $"write '- {soFar}' to remove it whole");
                    return null;
                }

                // a channel link is a pair without an order: [uk, russia] also removes [russia, uk]
                YNode? reversed = seg == "links" && item is YSequence { Items.Count: 2 } pair ? new YSequence([pair.Items[1], pair.Items[0]], pair.Line, pair.Column) : null;
                int i = list.Items.ToList().FindIndex(x => Yaml.YamlFlow.Same(x, item!) || (reversed is not null && Yaml.YamlFlow.Same(x, reversed)));
                if (i < 0)
                {
                    ctx.Error(DiagnosticCodes.VariantPath, at, $"'{soFar}' has no item {Yaml.YamlFlow.Write(item!)}",
                        "items: " + string.Join(", ", list.Items.Take(12).Select(Yaml.YamlFlow.Write)));
                    return null;
                }

                return WithEntry(m, seg, new YSequence([.. list.Items.Where((_, k) => k != i)], list.Line, list.Column), at);
            }

            YNode? patched = Remove(child, path, index + 1, at, item, ctx);
            return patched is null ? null : WithEntry(m, seg, patched, at);
        }

        if (node is YSequence s)
        {
            var ids = new List<string>();
            for (int i = 0; i < s.Items.Count; i++)
            {
                if (s.Items[i] is YMapping im && im.Get("id") is YScalar idNode)
                {
                    ids.Add(idNode.Value);
                    if (idNode.Value != seg)
                    {
                        continue;
                    }

                    if (last && item is null)
                    {
                        return new YSequence([.. s.Items.Where((_, k) => k != i)], s.Line, s.Column);
                    }

                    YNode? patched = last ? null : Remove(im, path, index + 1, at, item, ctx);
                    if (patched is null)
                    {
                        if (last)
                        {
                            ctx.Error(DiagnosticCodes.VariantPath, at, $"'{soFar}' is an entry, not a list", $"write '- {soFar}' to remove it whole");
                        }

                        return null;
                    }

                    var items = new List<YNode>(s.Items) { [i] = patched };
                    return new YSequence(items, s.Line, s.Column);
                }
            }

            ReportMissing(at, soFar, seg, ids, ctx);
            return null;
        }

        ctx.Error(DiagnosticCodes.VariantPath, at, $"'{string.Join('.', path, 0, index)}' is a single value; it has no field '{seg}'", "name the entry to remove");
        return null;
    }

    /// <summary>
    /// After an actor is removed (<c>remove: [actors.ID]</c>), the lists and maps that name it lose it too — its links, costs,
    /// guarantees and other per-actor entries, the belligerents excepted (validation then says the war needs two) — so that
    /// one line removes an actor.
    /// </summary>
    private static YNode RemovedActorReferences(YNode root, string[] path, YNode? item)
    {
        if (path.Length != 2 || path[0] != "actors" || item is not null)
        {
            return root;
        }

        return Strip(root, path[1]);

        static YNode Strip(YNode node, string id)
        {
            if (node is not YMapping m)
            {
                return node;
            }

            var entries = new List<KeyValuePair<YScalar, YNode>>(m.Entries.Count);
            foreach (KeyValuePair<YScalar, YNode> e in m.Entries)
            {
                YNode value = e.Value switch
                {
                    YSequence links when e.Key.Value == "links" =>
                        new YSequence([.. links.Items.Where(l => !(l is YSequence pair && pair.Items.Any(x => x is YScalar sc && sc.Value == id)))], links.Line, links.Column),
                    YMapping byActor when ActorMaps.Contains(e.Key.Value) =>
                        new YMapping([.. byActor.Entries.Where(x => x.Key.Value != id)], byActor.Line, byActor.Column),
                    YMapping inner when e.Key.Value is not ("actors" or "variants") => Strip(inner, id),
                    _ => e.Value,
                };
                entries.Add(new KeyValuePair<YScalar, YNode>(e.Key, value));
            }

            return new YMapping(entries, m.Line, m.Column);
        }
    }

    /// <summary>The tree with what the change adds: a new entry of a mapping (an error if it exists: use set), or items appended to a list.</summary>
    private static YNode? Add(YNode node, string[] path, int index, KeyValuePair<YScalar, YNode> change, BindContext ctx)
    {
        string seg = path[index];
        bool last = index == path.Length - 1;
        string soFar = string.Join('.', path, 0, index + 1);
        if (node is YMapping m)
        {
            YNode? child = m.Get(seg);
            if (last)
            {
                if (child is YSequence list)
                {
                    if (change.Value is not YSequence more)
                    {
                        ctx.Error(DiagnosticCodes.VariantPath, change.Key, $"'{soFar}' is a list: add a list of items to append", $"e.g. '{soFar}: [...]' with one or more items");
                        return null;
                    }

                    return WithEntry(m, seg, new YSequence([.. list.Items, .. more.Items], list.Line, list.Column), change.Key);
                }

                if (child is not null)
                {
                    ctx.Error(DiagnosticCodes.VariantPath, change.Key, $"'{soFar}' already exists", "use 'set' to change a number, or 'remove' it first");
                    return null;
                }

                return WithEntry(m, seg, change.Value, change.Key);
            }

            if (child is null)
            {
                ReportMissing(change.Key, soFar, seg, KeysOf(m), ctx);
                return null;
            }

            YNode? patched = Add(child, path, index + 1, change, ctx);
            return patched is null ? null : WithEntry(m, seg, patched, change.Key);
        }

        if (node is YSequence s && !last)
        {
            for (int i = 0; i < s.Items.Count; i++)
            {
                if (s.Items[i] is YMapping im && im.Get("id") is YScalar idNode && idNode.Value == seg)
                {
                    YNode? patched = Add(im, path, index + 1, change, ctx);
                    if (patched is null)
                    {
                        return null;
                    }

                    var items = new List<YNode>(s.Items) { [i] = patched };
                    return new YSequence(items, s.Line, s.Column);
                }
            }

            ReportMissing(change.Key, soFar, seg, [.. s.Items.OfType<YMapping>().Select(x => x.Get("id")).OfType<YScalar>().Select(x => x.Value)], ctx);
            return null;
        }

        ctx.Error(DiagnosticCodes.VariantPath, change.Key, $"'{string.Join('.', path, 0, index)}' cannot take '{seg}'", "add a field to a mapping, or items to a list");
        return null;
    }

    private static YNode? Patch(YNode node, string[] path, int index, KeyValuePair<YScalar, YNode> change, bool shift, BindContext ctx)
    {
        string seg = path[index];
        bool last = index == path.Length - 1;
        string soFar = string.Join('.', path, 0, index + 1);
        switch (node)
        {
            case YMapping m:
            {
                YNode? child = m.Get(seg);
                if (last)
                {
                    YNode? replacement = child is null ? NewField(m, seg, soFar, change, shift, path, ctx) : Replace(child, soFar, change, shift, ctx);
                    return replacement is null ? null : WithEntry(m, seg, replacement, change.Key);
                }

                if (child is null && !shift && seg == "red_line" && index == path.Length - 2 && path[^1] is "at_least" or "at_most")
                {
                    // a variant may draw a red line where the scenario has none
                    var line = new YMapping([new KeyValuePair<YScalar, YNode>(new YScalar(path[^1], true, change.Key.Line, change.Key.Column), change.Value)], change.Key.Line, change.Key.Column);
                    return WithEntry(m, seg, line, change.Key);
                }

                if (child is null)
                {
                    ReportMissing(change.Key, soFar, seg, KeysOf(m), ctx);
                    return null;
                }

                YNode? patchedChild = Patch(child, path, index + 1, change, shift, ctx);
                return patchedChild is null ? null : WithEntry(m, seg, patchedChild, change.Key);
            }

            case YSequence s:
            {
                var ids = new List<string>();
                for (int i = 0; i < s.Items.Count; i++)
                {
                    if (s.Items[i] is YMapping im && im.Get("id") is YScalar idNode)
                    {
                        ids.Add(idNode.Value);
                        if (idNode.Value == seg)
                        {
                            if (last)
                            {
                                ctx.Error(DiagnosticCodes.VariantPath, change.Key, $"'{soFar}' is a whole entry, not a number", "name one of its fields, e.g. " + soFar + ".capability");
                                return null;
                            }

                            YNode? patched = Patch(im, path, index + 1, change, shift, ctx);
                            if (patched is null)
                            {
                                return null;
                            }

                            var items = new List<YNode>(s.Items) { [i] = patched };
                            return new YSequence(items, s.Line, s.Column);
                        }
                    }
                }

                ReportMissing(change.Key, soFar, seg, ids, ctx);
                return null;
            }

            default:
                ctx.Error(DiagnosticCodes.VariantPath, change.Key, $"'{string.Join('.', path, 0, index)}' is a single value; it has no field '{seg}'", "name the number itself, e.g. actors.ID.capability");
                return null;
        }
    }

    private static List<string> KeysOf(YMapping m)
    {
        var keys = new List<string>();
        foreach (KeyValuePair<YScalar, YNode> e in m.Entries)
        {
            keys.Add(e.Key.Value);
        }

        return keys;
    }

    private static void ReportMissing(YScalar at, string soFar, string seg, List<string> candidates, BindContext ctx)
    {
        string? s = BindContext.Suggest(seg, candidates);
        ctx.Error(DiagnosticCodes.VariantPath, at, $"the variant touches '{soFar}', which does not exist in the scenario",
            s is not null ? $"did you mean '{s}'?" : candidates.Count > 0 ? $"existing: {string.Join(", ", candidates.Take(12))}" : null);
    }

    private static YNode? NewField(YMapping parent, string seg, string soFar, KeyValuePair<YScalar, YNode> change, bool shift, string[] path, BindContext ctx)
    {
        // a new entry in a per-actor map (a cost of war, a guarantee, a deterrence cost, a limit, an after-agreement path)
        bool isCost = path.Length >= 2 && ActorMaps.Contains(path[^2]);
        if (shift || (!isCost && Array.IndexOf(SettableFields, seg) < 0))
        {
            var candidates = KeysOf(parent);
            if (!shift)
            {
                candidates.AddRange(SettableFields);
            }

            ReportMissing(change.Key, soFar, seg, candidates, ctx);
            return null;
        }

        return change.Value;
    }

    private static YNode? Replace(YNode existing, string soFar, KeyValuePair<YScalar, YNode> change, bool shift, BindContext ctx)
    {
        if (existing is YMapping em && em.Get("value") is null)
        {
            ctx.Error(DiagnosticCodes.VariantPath, change.Key, $"'{soFar}' is a group of fields, not a number", "name one number inside it");
            return null;
        }

        if (existing is YSequence)
        {
            ctx.Error(DiagnosticCodes.VariantPath, change.Key, $"'{soFar}' is a list, not a number", "a variant changes one number at a time; name one inside the list");
            return null;
        }

        if (!shift)
        {
            // a set replaces the number; who may see it stays as the file says, unless the variant says otherwise
            if (existing is YMapping old && old.Get("visibility") is YNode visibility && (change.Value as YMapping)?.Get("visibility") is null)
            {
                YMapping replaced = change.Value as YMapping
                    ?? new YMapping([new(new YScalar("value", true, change.Value.Line, change.Value.Column), change.Value)], change.Value.Line, change.Value.Column);
                return new YMapping([.. replaced.Entries, new(new YScalar("visibility", true, change.Value.Line, change.Value.Column), visibility)], replaced.Line, replaced.Column);
            }

            return change.Value;
        }

        if (change.Value is not YScalar deltaNode || !deltaNode.TryGetNumber(out double delta))
        {
            ctx.Error(DiagnosticCodes.WrongType, change.Value, $"a shift of '{soFar}' must be a plain number (the delta), not {BindContext.Describe(change.Value)}", "write the change as a number, e.g. 0.01; use 'set' to replace a value");
            return null;
        }

        if (existing is YScalar es)
        {
            if (!es.TryGetNumber(out double v))
            {
                ctx.Error(DiagnosticCodes.VariantPath, change.Key, $"'{soFar}' is not a number, so it cannot be shifted", "use 'set' for option labels");
                return null;
            }

            return Num(v + delta, change.Value);
        }

        var map = (YMapping)existing;
        var entries = new List<KeyValuePair<YScalar, YNode>>();
        foreach (KeyValuePair<YScalar, YNode> e in map.Entries)
        {
            YNode value = e.Value;
            if (e.Key.Value == "value")
            {
                if (value is not YScalar vs || !vs.TryGetNumber(out double v))
                {
                    ctx.Error(DiagnosticCodes.VariantPath, change.Key, $"'{soFar}' is not a number, so it cannot be shifted", "use 'set' for option labels");
                    return null;
                }

                value = Num(v + delta, change.Value);
            }
            else if (e.Key.Value == "range" && value is YSequence rs && rs.Items.Count == 2
                     && rs.Items[0] is YScalar lo && lo.TryGetNumber(out double l) && rs.Items[1] is YScalar hi && hi.TryGetNumber(out double h))
            {
                value = new YSequence([Num(l + delta, change.Value), Num(h + delta, change.Value)], change.Value.Line, change.Value.Column);
            }

            entries.Add(new KeyValuePair<YScalar, YNode>(e.Key, value));
        }

        return new YMapping(entries, change.Value.Line, change.Value.Column);
    }

    private static YScalar Num(double v, YNode at) =>
        new(Math.Round(v, 12).ToString("R", CultureInfo.InvariantCulture), plain: true, at.Line, at.Column);

    private static YMapping WithEntry(YMapping m, string key, YNode value, YScalar keyMark)
    {
        var entries = new List<KeyValuePair<YScalar, YNode>>(m.Entries.Count + 1);
        bool found = false;
        foreach (KeyValuePair<YScalar, YNode> e in m.Entries)
        {
            if (e.Key.Value == key)
            {
                entries.Add(new KeyValuePair<YScalar, YNode>(e.Key, value));
                found = true;
            }
            else
            {
                entries.Add(e);
            }
        }

        if (!found)
        {
            entries.Add(new KeyValuePair<YScalar, YNode>(new YScalar(key, plain: true, keyMark.Line, keyMark.Column), value));
        }

        return new YMapping(entries, m.Line, m.Column);
    }
}
