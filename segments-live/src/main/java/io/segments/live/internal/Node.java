package io.segments.live.internal;

import io.segments.model.Channel;
import io.segments.model.FieldTest;
import io.segments.model.eval.Reachability;

import java.util.Set;

/**
 * A compiled condition. {@link #eval} decides the condition for {@code eval.user} at {@code eval.now}
 * and leaves in {@code eval.next} (which is {@code Long.MAX_VALUE} on entry) an instant after
 * {@code now} before which the condition cannot change if no input arrives: a leaf's next candidate
 * instant; for {@code and}, the earliest of its children's when it holds, but when it does not, the
 * latest of its false children's (every one of them must change first); {@code or} the other way round.
 */
abstract class Node {
    abstract boolean eval(Eval eval);

    static final class And extends Node {
        private final Node[] children;

        And(Node[] children) {
            this.children = children;
        }

        @Override
        boolean eval(Eval eval) {
            boolean all = true;
            long earliest = Long.MAX_VALUE;
            long latestFalse = Long.MIN_VALUE;
            for (Node child : children) {
                eval.next = Long.MAX_VALUE;
                boolean value = child.eval(eval);
                earliest = Math.min(earliest, eval.next);
                if (!value) {
                    all = false;
                    latestFalse = Math.max(latestFalse, eval.next);
                }
            }
            eval.next = all ? earliest : latestFalse;
            return all;
        }
    }

    static final class Or extends Node {
        private final Node[] children;

        Or(Node[] children) {
            this.children = children;
        }

        @Override
        boolean eval(Eval eval) {
            boolean any = false;
            long earliest = Long.MAX_VALUE;
            long latestTrue = Long.MIN_VALUE;
            for (Node child : children) {
                eval.next = Long.MAX_VALUE;
                boolean value = child.eval(eval);
                earliest = Math.min(earliest, eval.next);
                if (value) {
                    any = true;
                    latestTrue = Math.max(latestTrue, eval.next);
                }
            }
            eval.next = any ? latestTrue : earliest;
            return any;
        }
    }

    static final class Not extends Node {
        private final Node child;

        Not(Node child) {
            this.child = child;
        }

        @Override
        boolean eval(Eval eval) {
            return !child.eval(eval);
        }
    }

    /** {@code inSegment} of a static segment: its member list, as it was when the live segment was registered. */
    static final class MemberList extends Node {
        private final Set<String> members;

        MemberList(Set<String> members) {
            this.members = Set.copyOf(members);
        }

        @Override
        boolean eval(Eval eval) {
            return members.contains(eval.user.id);
        }
    }

    /** A trait test, on the user's copy of the top-level trait it reads. */
    static final class Attribute extends Node {
        private final Filter filter;
        private final int slot;

        Attribute(FieldTest test, int slot) {
            this.filter = new Filter(test);
            this.slot = slot;
        }

        @Override
        boolean eval(Eval eval) {
            return filter.testFromTop(eval.user.trait(slot));
        }
    }

    /** Reachability by {@link Reachability}'s rules, on the user's copies of the traits they read. */
    static final class Reachable extends Node {
        private final Channel channel;
        private final int address;
        private final int optOut;

        /** {@code address}: the slot of email, phone or pushToken; {@code optOut}: of the channel's opt-out. */
        Reachable(Channel channel, int address, int optOut) {
            this.channel = channel;
            this.address = address;
            this.optOut = optOut;
        }

        @Override
        boolean eval(Eval eval) {
            UserState user = eval.user;
            if (Boolean.TRUE.equals(user.trait(optOut))) {
                return false;
            }
            Object value = user.trait(address);
            switch (channel) {
                case EMAIL:
                    return Reachability.isEmail(value);
                case SMS:
                    return Reachability.isPhone(value);
                case PUSH:
                    return user.pushToken || value instanceof String token && !token.isEmpty();
                default:
                    throw new IllegalStateException("channel without a rule: " + channel);
            }
        }

        /** The trait names that decide reachability on {@code channel}: address, then opt-out. */
        static String[] traits(Channel channel) {
            switch (channel) {
                case EMAIL:
                    return new String[] {"email", "emailOptOut"};
                case SMS:
                    return new String[] {"phone", "smsOptOut"};
                case PUSH:
                    return new String[] {"pushToken", "pushOptOut"};
                default:
                    throw new IllegalStateException("channel without a rule: " + channel);
            }
        }
    }
}
