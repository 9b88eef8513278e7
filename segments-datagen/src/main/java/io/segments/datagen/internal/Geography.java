package io.segments.datagen.internal;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Countries weighted by share of users, their cities with UTC offsets (no daylight saving), phone
 * numbering, platform shares and the first and last names people there are likely to have.
 */
final class Geography {

    /** One country of the population. */
    static final class Country {
        final Text code;
        final int weight;
        final String callingCode;
        final String mobileStarts;
        final int nationalDigits;
        final int iosPercent;
        final int macPercent;
        final Names names;
        final String[] domains;
        final int firstCity;
        final int cityCount;

        Country(String code, int weight, String callingCode, String mobileStarts, int nationalDigits, int iosPercent,
                int macPercent, Names names, String[] domains, int firstCity, int cityCount) {
            this.code = Text.of(code);
            this.weight = weight;
            this.callingCode = callingCode;
            this.mobileStarts = mobileStarts;
            this.nationalDigits = nationalDigits;
            this.iosPercent = iosPercent;
            this.macPercent = macPercent;
            this.names = names;
            this.domains = domains;
            this.firstCity = firstCity;
            this.cityCount = cityCount;
        }
    }

    /** First names by gender and last names of one naming tradition, with ASCII forms for e-mail addresses. */
    static final class Names {
        final String[] female;
        final String[] male;
        final String[] last;
        final String[] femaleAscii;
        final String[] maleAscii;
        final String[] lastAscii;

        Names(String female, String male, String last) {
            this.female = female.split(",");
            this.male = male.split(",");
            this.last = last.split(",");
            this.femaleAscii = ascii(this.female);
            this.maleAscii = ascii(this.male);
            this.lastAscii = ascii(this.last);
        }

        private static String[] ascii(String[] names) {
            String[] out = new String[names.length];
            for (int i = 0; i < names.length; i++) {
                String folded = Normalizer.normalize(names[i], Normalizer.Form.NFD)
                        .replaceAll("\\p{M}", "")
                        .replace("ß", "ss")
                        .toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z]", "");
                out[i] = folded;
            }
            return out;
        }
    }

    private static final Names INDIAN = new Names(
            "Priya,Ananya,Aditi,Kavya,Sneha,Pooja,Neha,Divya,Lakshmi,Meera,Isha,Riya",
            "Rahul,Amit,Arjun,Rohan,Vikram,Sanjay,Karthik,Aditya,Rajesh,Suresh,Vivek,Nikhil",
            "Sharma,Patel,Singh,Kumar,Reddy,Iyer,Nair,Gupta,Mehta,Das,Joshi,Rao,Khan,Banerjee");
    private static final Names ANGLO = new Names(
            "Emily,Olivia,Sarah,Jessica,Emma,Hannah,Grace,Chloe,Madison,Lauren,Amy,Sophie",
            "James,John,Michael,David,Daniel,Matthew,Ryan,Thomas,Oliver,Jack,William,Ethan",
            "Smith,Johnson,Williams,Brown,Jones,Miller,Davis,Wilson,Taylor,Clark,Walker,O'Brien,Nguyen,Garcia");
    private static final Names GERMAN = new Names(
            "Anna,Lena,Laura,Julia,Sophie,Marie,Katharina,Lea,Hannah,Jana",
            "Lukas,Leon,Jonas,Felix,Maximilian,Paul,Tobias,Jan,Florian,Stefan",
            "Müller,Schmidt,Schneider,Fischer,Weber,Meyer,Wagner,Becker,Schulz,Hoffmann,Schäfer,Koch,Groß");
    private static final Names BRAZILIAN = new Names(
            "Ana,Maria,Juliana,Camila,Beatriz,Larissa,Fernanda,Letícia,Gabriela,Mariana",
            "João,Pedro,Lucas,Gabriel,Rafael,Mateus,Gustavo,Felipe,Thiago,Bruno",
            "Silva,Santos,Oliveira,Souza,Rodrigues,Ferreira,Alves,Pereira,Lima,Gomes,Conceição,Araújo");
    private static final Names FRENCH = new Names(
            "Camille,Léa,Manon,Chloé,Inès,Sarah,Juliette,Louise,Emma,Élodie",
            "Lucas,Hugo,Louis,Nathan,Théo,Jules,Antoine,Mathis,Clément,Julien",
            "Martin,Bernard,Dubois,Thomas,Robert,Richard,Petit,Durand,Leroy,Moreau,Lefèvre");
    private static final Names INDONESIAN = new Names(
            "Siti,Dewi,Putri,Ayu,Rina,Indah,Wulan,Fitri,Nur,Sari",
            "Budi,Agus,Andi,Rizky,Dedi,Eko,Fajar,Hendra,Joko,Yusuf",
            "Santoso,Wijaya,Saputra,Hidayat,Pratama,Kusuma,Gunawan,Susanto,Halim,Setiawan");
    private static final Names SPANISH = new Names(
            "María,Lucía,Sofía,Valentina,Camila,Daniela,Paula,Carmen,Ximena,Elena",
            "José,Juan,Carlos,Luis,Miguel,Javier,Diego,Alejandro,Jorge,Andrés",
            "García,Hernández,López,Martínez,González,Rodríguez,Pérez,Sánchez,Ramírez,Torres,Núñez");
    private static final Names JAPANESE = new Names(
            "Yui,Sakura,Haruka,Aoi,Yuna,Mei,Rin,Hina,Misaki,Nanami",
            "Haruto,Sota,Ren,Yuto,Hiroshi,Takumi,Kenji,Daiki,Riku,Shota",
            "Sato,Suzuki,Takahashi,Tanaka,Watanabe,Ito,Yamamoto,Nakamura,Kobayashi,Kato");
    private static final Names ITALIAN = new Names(
            "Giulia,Francesca,Sofia,Chiara,Martina,Alessia,Sara,Valentina,Elena,Giorgia",
            "Marco,Luca,Alessandro,Andrea,Matteo,Francesco,Lorenzo,Davide,Simone,Giovanni",
            "Rossi,Russo,Ferrari,Esposito,Bianchi,Romano,Colombo,Ricci,Marino,Greco,De Luca");
    private static final Names NIGERIAN = new Names(
            "Chioma,Ngozi,Aisha,Funmilayo,Amaka,Blessing,Zainab,Adaeze,Folake,Halima",
            "Chinedu,Emeka,Oluwaseun,Ibrahim,Tunde,Obinna,Musa,Segun,Ifeanyi,Yusuf",
            "Okafor,Adeyemi,Okonkwo,Bello,Eze,Nwosu,Abubakar,Ogunleye,Balogun,Ibrahim");

    private static final String[] GLOBAL_DOMAINS = {"gmail.com", "gmail.com", "gmail.com", "yahoo.com", "outlook.com",
            "hotmail.com", "icloud.com", "proton.me"};

    /** City name and its UTC offset in minutes; countries below reference ranges of this table. */
    private static final Object[][] CITIES = {
            // IN 0..8
            {"Mumbai", 330}, {"Delhi", 330}, {"Bengaluru", 330}, {"Hyderabad", 330}, {"Chennai", 330},
            {"Kolkata", 330}, {"Pune", 330}, {"Ahmedabad", 330}, {"Jaipur", 330},
            // US 9..16
            {"New York", -300}, {"Los Angeles", -480}, {"Chicago", -360}, {"Houston", -360}, {"Phoenix", -420},
            {"Seattle", -480}, {"Miami", -300}, {"Denver", -420},
            // GB 17..22
            {"London", 0}, {"Manchester", 0}, {"Birmingham", 0}, {"Leeds", 0}, {"Glasgow", 0}, {"Bristol", 0},
            // DE 23..28
            {"Berlin", 60}, {"Hamburg", 60}, {"München", 60}, {"Köln", 60}, {"Frankfurt am Main", 60}, {"Stuttgart", 60},
            // BR 29..34
            {"São Paulo", -180}, {"Rio de Janeiro", -180}, {"Belo Horizonte", -180}, {"Brasília", -180},
            {"Salvador", -180}, {"Curitiba", -180},
            // FR 35..39
            {"Paris", 60}, {"Lyon", 60}, {"Marseille", 60}, {"Toulouse", 60}, {"Nice", 60},
            // ID 40..43
            {"Jakarta", 420}, {"Surabaya", 420}, {"Bandung", 420}, {"Medan", 420},
            // MX 44..47
            {"Ciudad de México", -360}, {"Guadalajara", -360}, {"Monterrey", -360}, {"Puebla", -360},
            // JP 48..51
            {"Tokyo", 540}, {"Osaka", 540}, {"Yokohama", 540}, {"Nagoya", 540},
            // CA 52..55
            {"Toronto", -300}, {"Vancouver", -480}, {"Montréal", -300}, {"Calgary", -420},
            // AU 56..59
            {"Sydney", 600}, {"Melbourne", 600}, {"Brisbane", 600}, {"Perth", 480},
            // ES 60..63
            {"Madrid", 60}, {"Barcelona", 60}, {"Valencia", 60}, {"Sevilla", 60},
            // IT 64..67
            {"Roma", 60}, {"Milano", 60}, {"Napoli", 60}, {"Torino", 60},
            // NG 68..71
            {"Lagos", 60}, {"Abuja", 60}, {"Kano", 60}, {"Ibadan", 60},
    };

    static final Country[] COUNTRIES = {
            new Country("IN", 22, "91", "6789", 10, 8, 10, INDIAN, new String[] {"yahoo.co.in", "rediffmail.com"}, 0, 9),
            new Country("US", 18, "1", "23456789", 10, 55, 30, ANGLO, new String[] {"aol.com", "comcast.net"}, 9, 8),
            new Country("GB", 7, "44", "7", 10, 50, 25, ANGLO, new String[] {"btinternet.com", "yahoo.co.uk"}, 17, 6),
            new Country("DE", 7, "49", "1", 11, 35, 15, GERMAN, new String[] {"web.de", "gmx.de", "t-online.de"}, 23, 6),
            new Country("BR", 9, "55", "1234", 11, 18, 8, BRAZILIAN, new String[] {"uol.com.br", "bol.com.br"}, 29, 6),
            new Country("FR", 5, "33", "67", 9, 35, 20, FRENCH, new String[] {"orange.fr", "free.fr"}, 35, 5),
            new Country("ID", 5, "62", "8", 11, 12, 6, INDONESIAN, new String[] {"yahoo.co.id"}, 40, 4),
            new Country("MX", 4, "52", "123456789", 10, 22, 10, SPANISH, new String[] {"prodigy.net.mx"}, 44, 4),
            new Country("JP", 4, "81", "789", 10, 65, 25, JAPANESE, new String[] {"docomo.ne.jp", "yahoo.co.jp"}, 48, 4),
            new Country("CA", 3, "1", "23456789", 10, 55, 28, ANGLO, new String[] {"rogers.com", "shaw.ca"}, 52, 4),
            new Country("AU", 3, "61", "4", 9, 55, 28, ANGLO, new String[] {"bigpond.com"}, 56, 4),
            new Country("ES", 3, "34", "67", 9, 25, 15, SPANISH, new String[] {"telefonica.net"}, 60, 4),
            new Country("IT", 3, "39", "3", 10, 30, 15, ITALIAN, new String[] {"libero.it", "virgilio.it"}, 64, 4),
            new Country("NG", 3, "234", "789", 10, 12, 6, NIGERIAN, new String[] {"yahoo.com.ng"}, 68, 4),
    };

    private static final Text[] CITY_NAMES = new Text[CITIES.length];
    private static final int[] CITY_OFFSET_MINUTES = new int[CITIES.length];
    private static final byte[] CITY_COUNTRY = new byte[CITIES.length];
    private static final int[] COUNTRY_CUMULATIVE;

    static {
        for (int i = 0; i < CITIES.length; i++) {
            CITY_NAMES[i] = Text.of((String) CITIES[i][0]);
            CITY_OFFSET_MINUTES[i] = (Integer) CITIES[i][1];
        }
        int[] weights = new int[COUNTRIES.length];
        for (int c = 0; c < COUNTRIES.length; c++) {
            Country country = COUNTRIES[c];
            weights[c] = country.weight;
            for (int k = 0; k < country.cityCount; k++) {
                CITY_COUNTRY[country.firstCity + k] = (byte) c;
            }
        }
        COUNTRY_CUMULATIVE = Rng.cumulative(weights);
    }

    private Geography() {
    }

    /** A city: first a country by share of users, then a city of it, the larger (listed first) more often. */
    static int city(Rng rng) {
        Country country = COUNTRIES[rng.pick(COUNTRY_CUMULATIVE)];
        return country.firstCity + Math.min(rng.nextInt(country.cityCount), rng.nextInt(country.cityCount));
    }

    static Country countryOfCity(int city) {
        return COUNTRIES[CITY_COUNTRY[city]];
    }

    public static Text cityName(int city) {
        return CITY_NAMES[city];
    }

    static int offsetMinutes(int city) {
        return CITY_OFFSET_MINUTES[city];
    }

    static String[] globalDomains() {
        return GLOBAL_DOMAINS;
    }
}
