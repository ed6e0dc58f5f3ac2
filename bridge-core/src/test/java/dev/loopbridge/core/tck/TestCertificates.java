package dev.loopbridge.core.tck;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates for TLS tests, made once per JVM with the JDK's {@code keytool} in a temporary
 * folder: a self-signed server certificate for {@code localhost} (also valid for 127.0.0.1 and
 * ::1), a client certificate, and a stranger certificate nobody trusts. Also exported as PEM files
 * for peers such as {@code openssl} and Node.js.
 */
public final class TestCertificates {

    private static final char[] PASSWORD = "loopbridge".toCharArray();
    private static TestCertificates instance;

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** The certificates of this JVM, made on first use. */
    public static synchronized TestCertificates get() {
        if (instance == null) {
            try {
                Path dir = Files.createTempDirectory("loopbridge-certs");
                dir.toFile().deleteOnExit();
                TestCertificates c = new TestCertificates(dir);
                c.keypair("server", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1,ip:0:0:0:0:0:0:0:1");
                c.keypair("client", "CN=loopbridge-client", null);
                c.keypair("stranger", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1");
                for (String name : List.of("server", "client", "stranger")) {
                    c.keytool("-exportcert", "-rfc", "-alias", name, "-keystore", c.keystore(name).toString(),
                            "-storepass", new String(PASSWORD), "-file", c.certificatePem(name).toString());
                }
                instance = c;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make test certificates", e);
            }
        }
        return instance;
    }

    /** The server's key and certificate; trusts the client certificate (for client authentication). */
    public SSLContext serverContext() {
        return context("server", List.of("client"));
    }

    /** A client that trusts the server certificate and presents none. */
    public SSLContext clientContext() {
        return context(null, List.of("server"));
    }

    /** A client that trusts the server certificate and presents the client certificate. */
    public SSLContext clientContextWithCertificate() {
        return context("client", List.of("server"));
    }

    /** A client that trusts only the stranger certificate: the server's is unknown to it. */
    public SSLContext distrustingClientContext() {
        return context(null, List.of("stranger"));
    }

    /** The PKCS#12 key store holding {@code name}'s key and certificate. */
    public Path keystore(String name) {
        return dir.resolve(name + ".p12");
    }

    /** {@code name}'s certificate in PEM. */
    public Path certificatePem(String name) {
        return dir.resolve(name + ".crt.pem");
    }

    /** The key store password. */
    public static String password() {
        return new String(PASSWORD);
    }

    private SSLContext context(String keyName, List<String> trusted) {
        try {
            KeyManagerFactory kmf = null;
            if (keyName != null) {
                KeyStore ks = KeyStore.getInstance(keystore(keyName).toFile(), PASSWORD);
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, PASSWORD);
            }
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (String t : trusted) {
                try (InputStream in = Files.newInputStream(certificatePem(t))) {
                    Certificate cert = cf.generateCertificate(in);
                    trust.setCertificateEntry(t, cert);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the SSLContext for " + keyName + " trusting " + trusted, e);
        }
    }

    private void keypair(String name, String dname, String san) throws IOException {
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", dname, "-validity", "30", "-keystore", keystore(name).toString(),
                "-storetype", "PKCS12", "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)));
        if (san != null) {
            args.add("-ext");
            args.add(san);
        }
        keytool(args.toArray(String[]::new));
    }

    private void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }
}
