namespace Orleans.Wandb.Grains.History;

/// <summary>What one cell of a history column holds, and how its text comes back.</summary>
internal enum ValueTag : byte
{
    /// <summary>The row does not have the key.</summary>
    Absent = 0,

    /// <summary>A number whose text is JavaScript's printing of the double (plain integers included).</summary>
    JsNumber = 1,

    /// <summary>A number whose text is Python's <c>repr</c> of the double.</summary>
    PythonNumber = 2,

    /// <summary>A number printed some other way (e.g. an integer beyond 2^53): the double and its exact text.</summary>
    TextNumber = 3,

    /// <summary>A string, kept as its JSON text (quotes and escapes included).</summary>
    String = 4,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean = 5,

    /// <summary><c>null</c>.</summary>
    Null = 6,

    /// <summary>An array, kept as its JSON text.</summary>
    Array = 7,

    /// <summary>An object (media, tables, nested metrics), kept as its JSON text.</summary>
    Object = 8,
}
