// The only hand-written file of the test project: the generated tests come from Pricing's pipeline manifest
// (bin/Release/net10.0/Pricing.mlops.json, passed to this compilation by the package's targets).
[assembly: MLOps.Testing.QualityGate("BuildPipeline", "RSquared", Minimum = 0.8)]
