// Two namespaces that use each other on purpose: the architecture tests prove on them that their checks can fail.
namespace GistCloud.UnitTests.Architecture.CycleSample.Left
{
    internal sealed class LeftType
    {
        public Right.RightType? Partner { get; set; }
    }
}

namespace GistCloud.UnitTests.Architecture.CycleSample.Right
{
    internal sealed class RightType
    {
        public Left.LeftType? Partner { get; set; }
    }
}
