package io.pptp2wg.config.wireguard;

import com.wireguard.config.Config;
import com.wireguard.config.InetNetwork;
import com.wireguard.config.Peer;
import com.wireguard.crypto.KeyPair;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The WireGuard side, from a wg-quick file: the gateway's [Interface] (its key pair, used as the
 * one identity in shared mode, and its UDP ListenPort) and exactly one [Peer], the backend.
 */
public record WireGuardSettings(Path file, Config config, WireGuardMode mode) {

    public KeyPair interfaceKeyPair() {
        return config.getInterface().getKeyPair();
    }

    /** Our UDP port; empty = any free port (wg-quick's default). */
    public Optional<Integer> listenPort() {
        return config.getInterface().getListenPort();
    }

    public Peer backend() {
        return config.getPeers().getFirst();
    }

    /** The destinations reachable through the backend (cryptokey routing). */
    public Set<InetNetwork> backendAllowedIps() {
        return backend().getAllowedIps();
    }

    @Override
    public String toString() {
        return "WireGuardSettings[" + file + ", mode=" + mode.configName() + ", backend="
                + backend().getPublicKey().toBase64() + "]"; // never the private key
    }
}
