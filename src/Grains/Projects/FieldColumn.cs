namespace Orleans.Wandb.Grains.Projects;

/// <summary>One flattened config or summary path (e.g. <c>config.lr</c>) over every run slot of a project.</summary>
internal sealed class FieldColumn
{
    private FieldKind[] _kinds = [];
    private double[] _numbers = [];
    private string?[] _texts = [];

    public FieldValue Get(int slot) =>
        slot < _kinds.Length ? new FieldValue(_kinds[slot], _numbers[slot], _texts[slot]) : FieldValue.Missing;

    public void Set(int slot, FieldValue value)
    {
        if (slot >= _kinds.Length)
        {
            var size = Math.Max(64, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)slot + 1));
            Array.Resize(ref _kinds, size);
            Array.Resize(ref _numbers, size);
            Array.Resize(ref _texts, size);
        }

        _kinds[slot] = value.Kind;
        _numbers[slot] = value.Number;
        _texts[slot] = value.Text;
    }
}
