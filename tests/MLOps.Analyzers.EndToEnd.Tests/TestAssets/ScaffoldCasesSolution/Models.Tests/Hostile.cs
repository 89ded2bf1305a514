#pragma warning disable CS8981 // lower-case type names, on purpose

// Types named like what generated code could use unqualified, in the namespaces it declares.
namespace MLOps.Generated.Tests
{
    internal class var { }

    internal class dynamic { }

    internal class System { }

    internal class MLContext { }
}

namespace MLOps.Testing
{
    internal class var { }
}
