//! The simulated cluster: API server, controllers, kubelet, storage, network and the apps in the
//! containers, advanced only by a virtual clock and a seeded RNG. (Issue 4.)
