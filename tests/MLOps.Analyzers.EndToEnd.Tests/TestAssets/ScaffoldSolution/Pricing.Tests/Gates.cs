// The only hand-written file of the test project: the generated tests come from Pricing.dll's pipeline manifest.
[assembly: MLOps.Testing.QualityGate("BuildPipeline", "RSquared", Minimum = 0.8)]
