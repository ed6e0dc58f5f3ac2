package dev.loopbridge.core.tck;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The JVM's name resolver in tests (registered in {@code META-INF/services}): names under
 * {@code .loopbridge.test} resolve to fixed loopback addresses in a fixed order, every other name
 * goes to the built-in resolver. It lets a test give {@code createConnection} a host with two
 * addresses, as a dual-stack host has, without touching the machine's resolver.
 */
public final class TestResolver extends InetAddressResolverProvider {

    /** Resolves to 127.0.0.1 first and 127.0.0.2 second. */
    public static final String TWO_ADDRESSES = "two-addresses.loopbridge.test";

    private static final Map<String, InetAddress[]> NAMES = Map.of(TWO_ADDRESSES, new InetAddress[] {
        address(127, 0, 0, 1), address(127, 0, 0, 2)});

    private static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are an address", e);
        }
    }

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                InetAddress[] fixed = NAMES.get(host);
                return fixed != null ? Stream.of(fixed) : builtin.lookupByName(host, policy);
            }

            @Override
            public String lookupByAddress(byte[] addr) throws UnknownHostException {
                return builtin.lookupByAddress(addr);
            }
        };
    }

    @Override
    public String name() {
        return "loopbridge-test";
    }
}
