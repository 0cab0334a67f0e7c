using System.Text.Json;

namespace Eals.Pledge.Vectors;

/// <summary>Runs every vector of one known-answer file format (the file's top-level <c>"format"</c> field).</summary>
public interface IVectorFileRunner
{
    /// <summary>The <c>"format"</c> value this runner understands, e.g. <c>oscore-kat/1</c>.</summary>
    string Format { get; }

    /// <summary>One result per vector in the file, in file order.</summary>
    IEnumerable<VectorResult> Run(JsonElement root);
}
