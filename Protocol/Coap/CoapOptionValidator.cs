namespace Eals.Protocol.Coap;

/// <summary>
/// Applies RFC 7252 section 5.4's rules for options a receiver cannot process: unrecognized options,
/// values of a length outside the defined range, repeated non-repeatable options. Elective offenders are
/// silently ignored (the caller may strip them); critical ones make a request fail with 4.02 Bad Option
/// and a response be rejected.
/// </summary>
public static class CoapOptionValidator
{
    /// <summary>The first critical problem, if any; elective problems are collected into <paramref name="ignorable"/> when given.</summary>
    public static CoapOptionProblem? FindCriticalProblem(CoapMessage message, CoapOptionRegistry registry, List<CoapOptionProblem>? ignorable = null)
    {
        var options = message.Options;
        for (int i = 0; i < options.Count; i++)
        {
            var option = options[i];
            CoapOptionProblem? problem = null;
            if (!registry.TryGet(option.Number, out var definition))
            {
                problem = new CoapOptionProblem(option.Number, CoapOptionProblemKind.Unrecognized);
            }
            else if (option.Value.Length < definition.MinLength || option.Value.Length > definition.MaxLength)
            {
                problem = new CoapOptionProblem(option.Number, CoapOptionProblemKind.BadLength);
            }
            else if (!definition.Repeatable && i > 0 && options[i - 1].Number == option.Number)
            {
                problem = new CoapOptionProblem(option.Number, CoapOptionProblemKind.Repeated);
            }

            if (problem is { } found)
            {
                if (found.IsCritical)
                {
                    return found;
                }
                ignorable?.Add(found);
            }
        }
        return null;
    }
}
