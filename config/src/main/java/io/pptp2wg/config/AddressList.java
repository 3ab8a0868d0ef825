package io.pptp2wg.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * An ordered list of IPv4 addresses as pptpd writes it for {@code localip} and {@code remoteip}:
 * comma-separated items, each an address or a range whose end is either a last octet
 * ({@code 192.168.0.234-238}) or a whole address ({@code 192.168.0.234-192.168.0.238}).
 */
public final class AddressList {
    /** An inclusive range of addresses, as unsigned ints. */
    public record Range(int first, int last) {
        public long size() {
            return Integer.toUnsignedLong(last) - Integer.toUnsignedLong(first) + 1;
        }

        public boolean contains(int address) {
            return Integer.compareUnsigned(address, first) >= 0 && Integer.compareUnsigned(address, last) <= 0;
        }

        @Override
        public String toString() {
            return first == last ? Ipv4.format(first) : Ipv4.format(first) + "-" + Ipv4.format(last);
        }
    }

    /** pptpd's own limit on one list (MAX_CONNECTIONS is far lower); keeps a typo from allocating gigabytes. */
    public static final long MAX_ADDRESSES = 1L << 20;

    private final List<Range> ranges;

    private AddressList(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    public static AddressList of(List<Range> ranges) {
        return new AddressList(ranges);
    }

    public static AddressList empty() {
        return new AddressList(List.of());
    }

    /** Parses the pptpd syntax; on error returns empty and the reason. */
    public static Parsed parse(String text) {
        List<Range> ranges = new ArrayList<>();
        long total = 0;
        for (String rawItem : text.split(",", -1)) {
            String item = rawItem.strip();
            if (item.isEmpty()) {
                return Parsed.error("empty item in address list '" + text + "'");
            }
            int dash = item.indexOf('-');
            String startText = dash < 0 ? item : item.substring(0, dash).strip();
            var start = Ipv4.parse(startText);
            if (start.isEmpty()) {
                return Parsed.error("'" + startText + "' is not an IPv4 address");
            }
            long first = start.getAsLong();
            long last = first;
            if (dash >= 0) {
                String endText = item.substring(dash + 1).strip();
                if (endText.contains(".")) {
                    var end = Ipv4.parse(endText);
                    if (end.isEmpty()) {
                        return Parsed.error("'" + endText + "' is not an IPv4 address");
                    }
                    last = end.getAsLong();
                } else if (!endText.isEmpty() && endText.length() <= 3 && endText.chars().allMatch(Character::isDigit)) {
                    int octet = Integer.parseInt(endText);
                    if (octet > 255) {
                        return Parsed.error("range end " + endText + " is not an octet (0-255) in '" + item + "'");
                    }
                    last = (first & 0xffffff00L) | octet;
                } else {
                    return Parsed.error("bad range end '" + endText + "' in '" + item + "'");
                }
                if (last < first) {
                    return Parsed.error("range '" + item + "' ends before it starts");
                }
            }
            total += last - first + 1;
            if (total > MAX_ADDRESSES) {
                return Parsed.error("address list '" + text + "' holds more than " + MAX_ADDRESSES + " addresses");
            }
            ranges.add(new Range((int) first, (int) last));
        }
        return new Parsed(Optional.of(new AddressList(ranges)), null);
    }

    public record Parsed(Optional<AddressList> list, String error) {
        static Parsed error(String message) {
            return new Parsed(Optional.empty(), message);
        }
    }

    public List<Range> ranges() {
        return Collections.unmodifiableList(ranges);
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    public long size() {
        return ranges.stream().mapToLong(Range::size).sum();
    }

    public boolean contains(int address) {
        return ranges.stream().anyMatch(r -> r.contains(address));
    }

    /** The first address of the list (pptpd's single {@code localip} case). */
    public Optional<Integer> first() {
        return ranges.isEmpty() ? Optional.empty() : Optional.of(ranges.getFirst().first());
    }

    /** The address at a position in list order, as pptpd pairs the n-th localip with the n-th remoteip. */
    public Optional<Integer> get(long index) {
        long i = index;
        for (Range r : ranges) {
            if (i < r.size()) {
                return Optional.of((int) (Integer.toUnsignedLong(r.first()) + i));
            }
            i -= r.size();
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return String.join(",", ranges.stream().map(Range::toString).toList());
    }
}
