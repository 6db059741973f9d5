//! The durations the model uses, in simulated ms, each with what a minikube/kind cluster typically shows.
//! (The node side adds its own: scheduling, image pull, container start, app start-up.)

/// PVC Pending → Bound with minikube's hostpath provisioner (Immediate binding): about a second.
pub const PROVISION_MS: u64 = 1_000;
