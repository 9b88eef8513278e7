package io.segments.datagen.internal;

import java.time.LocalDate;

/**
 * The profile traits of a user: derived from the compact state (country, device, reachability kinds)
 * and a stream of its own, so they are the same whenever and in whichever order they are rendered.
 */
final class Persona {
    private static final long SALT_PERSONA = 0x05E7_0003L;
    static final Text NAME = Text.of("name");
    static final Text EMAIL = Text.of("email");
    static final Text EMAIL_OPT_OUT = Text.of("emailOptOut");
    static final Text PHONE = Text.of("phone");
    static final Text SMS_OPT_OUT = Text.of("smsOptOut");
    static final Text PUSH_OPT_OUT = Text.of("pushOptOut");
    static final Text COUNTRY = Text.of("country");
    static final Text CITY = Text.of("city");
    static final Text AGE = Text.of("age");
    static final Text GENDER = Text.of("gender");
    static final Text OS = Text.of("os");
    static final Text BROWSER = Text.of("browser");
    static final Text DEVICE_TYPE = Text.of("deviceType");
    static final Text SIGNUP_DATE = Text.of("signupDate");

    private static final Text[] GENDERS = Text.of("female", "male", "non-binary");
    private static final Text[] DEVICE_TYPES = Text.of("mobile", "desktop", "tablet");
    private static final Text[] OSES = Text.of("Android", "iOS", "Windows", "macOS", "Linux");
    private static final Text[] BROWSERS = Text.of("Chrome", "Safari", "Firefox", "Edge", "Samsung Internet", "Opera");
    /** Age bands 18-24, 25-34, 35-44, 45-54, 55-64, 65-75. */
    private static final int[] AGE_BANDS = Rng.cumulative(22, 32, 22, 13, 7, 4);
    private static final int[] AGE_FROM = {18, 25, 35, 45, 55, 65};
    private static final int[] AGE_WIDTH = {7, 10, 10, 10, 10, 11};
    private static final String[] SEPARATORS = {".", "", "_", "."};

    private final Plan plan;
    private final Rng rng = new Rng();
    private final StringBuilder sb = new StringBuilder(64);

    Persona(Plan plan) {
        this.plan = plan;
    }

    /** Emits all traits of user {@code i} of {@code pop} as its first identify carries them. */
    void traits(Population pop, int i, Emitter e) {
        int user = pop.first + i;
        rng.reseed(Rng.key(plan.seedHash, SALT_PERSONA, user));
        Geography.Country country = Geography.countryOfCity(pop.city[i]);
        int g = rng.nextInt(100);
        int gender = g < 47 ? 0 : g < 94 ? 1 : g < 96 ? 2 : -1;
        boolean female = gender == 0 || (gender != 1 && rng.chance(0.5));
        Geography.Names names = country.names;
        int firstIndex = rng.nextInt(female ? names.female.length : names.male.length);
        int lastIndex = rng.nextInt(names.last.length);
        String firstName = female ? names.female[firstIndex] : names.male[firstIndex];
        String firstAscii = female ? names.femaleAscii[firstIndex] : names.maleAscii[firstIndex];
        String lastName = names.last[lastIndex];
        String lastAscii = names.lastAscii[lastIndex];
        int band = rng.pick(AGE_BANDS);
        int age = AGE_FROM[band] + rng.nextInt(AGE_WIDTH[band]);

        e.field(NAME, firstName + " " + lastName);
        int emailKind = pop.emailKind(i);
        if (emailKind != Population.KIND_NONE) {
            e.field(EMAIL, email(country, firstAscii, lastAscii, age, emailKind == Population.KIND_VALID));
            e.field(EMAIL_OPT_OUT, pop.reachBit(i, Population.EMAIL_OPT_OUT) && !pop.has(i, Population.OPTS_OUT_LATER));
        }
        int phoneKind = pop.phoneKind(i);
        if (phoneKind != Population.KIND_NONE) {
            e.field(PHONE, phone(country, phoneKind == Population.KIND_VALID));
            e.field(SMS_OPT_OUT, pop.reachBit(i, Population.SMS_OPT_OUT));
        }
        if (pop.reachBit(i, Population.HAS_PUSH_TRAIT)) {
            e.field(PUSH_OPT_OUT, pop.reachBit(i, Population.PUSH_OPT_OUT));
        }
        e.field(COUNTRY, country.code);
        e.field(CITY, Geography.cityName(pop.city[i]));
        e.field(AGE, age);
        if (gender >= 0) {
            e.field(GENDER, GENDERS[gender]);
        }
        e.field(OS, OSES[pop.os(i)]);
        e.field(BROWSER, BROWSERS[pop.browser(i)]);
        e.field(DEVICE_TYPE, DEVICE_TYPES[pop.deviceType(i)]);
        long startDay = Math.floorDiv(plan.startMillis, Plan.DAY_MS);
        long signupDay = pop.has(i, Population.PRE_WINDOW) ? startDay - 1 - rng.nextInt(730) : startDay + pop.special[i];
        e.field(SIGNUP_DATE, LocalDate.ofEpochDay(signupDay).toString());
    }

    private String email(Geography.Country country, String first, String last, int age, boolean valid) {
        sb.setLength(0);
        int style = rng.nextInt(10);
        if (style < 2) {
            sb.append(first.charAt(0)).append(last);
        } else if (style < 3) {
            sb.append(first);
        } else {
            sb.append(first).append(SEPARATORS[rng.nextInt(SEPARATORS.length)]).append(last);
        }
        int digits = rng.nextInt(10);
        if (digits < 3) {
            sb.append(rng.nextInt(100));
        } else if (digits < 5) {
            sb.append(LocalDate.ofEpochDay(Math.floorDiv(plan.endMillis, Plan.DAY_MS)).getYear() - age);
        }
        String local = sb.toString();
        String domain = rng.chance(0.65)
                ? Geography.globalDomains()[rng.nextInt(Geography.globalDomains().length)]
                : country.domains[rng.nextInt(country.domains.length)];
        if (valid) {
            return local + "@" + domain;
        }
        switch (rng.nextInt(5)) {
            case 0:
                return local + "." + domain;          // no @
            case 1:
                return local + "@";                   // no domain
            case 2:
                return first + " " + last + "@" + domain; // space in the local part
            case 3:
                return local + "@@" + domain;         // two @
            default:
                return "@" + domain;                  // no local part
        }
    }

    private String phone(Geography.Country country, boolean valid) {
        sb.setLength(0);
        sb.append(country.mobileStarts.charAt(rng.nextInt(country.mobileStarts.length())));
        for (int k = 1; k < country.nationalDigits; k++) {
            sb.append((char) ('0' + rng.nextInt(10)));
        }
        String national = sb.toString();
        if (valid) {
            return "+" + country.callingCode + national;
        }
        switch (rng.nextInt(4)) {
            case 0:
                return "0" + national;                                  // national format, no +
            case 1:
                return "+" + country.callingCode + " " + national.substring(0, 4) + " " + national.substring(4);
            case 2:
                return "+" + country.callingCode + national.substring(0, 3);  // too short
            default:
                return "+" + country.callingCode + "-" + national.substring(0, 3) + "-" + national.substring(3);
        }
    }
}
