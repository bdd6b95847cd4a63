"""The demo's static catalogue as plain data: brands, models, centres, shops, policies, words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

DEMO_PASSWORD = "demo1234"
DOMAIN = "demo.aftersales"
LANGUAGE = {"IT": "it", "VN": "vi"}
CURRENCY = {"IT": "EUR", "VN": "VND"}

BRANDS: tuple[tuple[str, str], ...] = (
    ("xiaomi", "Xiaomi"),
    ("vsmart", "Vsmart"),
    ("oppo", "OPPO"),
    ("vivo", "vivo"),
    ("samsung", "Samsung"),
)


@dataclass(frozen=True)
class ModelSpec:
    """A phone model: brand slug, name, invented TACs, life-cycle dates, share of its brand."""

    brand: str
    name: str
    tacs: tuple[str, ...]
    release: date
    end_of_sale: date | None
    weight: int


# Release dates are the real ones. End-of-sale dates are set inside the demo's window of
# the last three years, so that every demo phone is bought while its model is on sale;
# Vsmart's models all stop in mid-2024, when the maker leaves the market but keeps its
# promise of repairs and parts. TACs are invented (8 digits, all distinct).
MODELS: tuple[ModelSpec, ...] = (
    ModelSpec("xiaomi", "Mi 8", ("86446403", "86446404"), date(2018, 5, 31), date(2026, 10, 31), 3),
    ModelSpec("xiaomi", "Mi 9", ("86781204",), date(2019, 2, 24), date(2026, 6, 30), 3),
    ModelSpec("xiaomi", "Redmi Note 8", ("86633505", "86633506"), date(2019, 8, 29), None, 5),
    ModelSpec("vsmart", "Joy 3", ("35840711", "35840712"), date(2020, 2, 10), date(2024, 6, 30), 4),
    ModelSpec("vsmart", "Active 3", ("35802313",), date(2019, 12, 10), date(2024, 6, 30), 3),
    ModelSpec("vsmart", "Live 4", ("35877914",), date(2020, 6, 18), date(2024, 6, 30), 3),
    ModelSpec(
        "oppo", "A5 2020", ("86960215", "86960216"), date(2019, 9, 10), date(2025, 12, 31), 5
    ),
    ModelSpec("oppo", "Reno 4", ("86941017",), date(2020, 6, 5), None, 3),
    ModelSpec("vivo", "Y20", ("86270818", "86270819"), date(2020, 8, 28), None, 5),
    ModelSpec("vivo", "V20", ("86255120",), date(2020, 9, 24), date(2026, 3, 31), 3),
    ModelSpec(
        "samsung", "Galaxy A51", ("35274121", "35274122"), date(2019, 12, 12), date(2025, 9, 30), 5
    ),
    ModelSpec("samsung", "Galaxy S20", ("35691823",), date(2020, 3, 6), date(2025, 6, 30), 3),
)

# Share of each brand among the phones sold in a country (Vsmart sold only in Vietnam).
BRAND_SHARE: dict[str, dict[str, int]] = {
    "IT": {"xiaomi": 32, "oppo": 18, "vivo": 12, "samsung": 38},
    "VN": {"xiaomi": 16, "vsmart": 20, "oppo": 22, "vivo": 14, "samsung": 28},
}
COUNTRY_SHARE = {"IT": 55, "VN": 45}


@dataclass(frozen=True)
class CentreSpec:
    """An authorised service centre; `key` names its staff e-mails."""

    key: str
    name: str
    city: str
    country: str
    brands: tuple[str, ...]
    week: str
    address: str


VN_BRANDS = ("vsmart", "xiaomi", "oppo", "vivo", "samsung")
CENTRES: tuple[CentreSpec, ...] = (
    CentreSpec(
        "naples",
        "Centro Assistenza Napoli",
        "Napoli",
        "IT",
        ("xiaomi", "oppo", "samsung"),
        "1111100",
        "Via Galileo Ferraris 150, 80142 Napoli NA",
    ),
    CentreSpec(
        "milan",
        "Centro Assistenza Milano",
        "Milano",
        "IT",
        ("xiaomi", "oppo", "vivo", "samsung"),
        "1111100",
        "Viale Monza 265, 20126 Milano MI",
    ),
    # Vietnamese service centres work on Saturdays.
    CentreSpec(
        "hanoi",
        "Trung tâm Bảo hành Hà Nội",
        "Hà Nội",
        "VN",
        VN_BRANDS,
        "1111110",
        "125 Hoàng Quốc Việt, Cầu Giấy, Hà Nội",
    ),
    CentreSpec(
        "hcmc",
        "Trung tâm Bảo hành TP. Hồ Chí Minh",
        "TP. Hồ Chí Minh",
        "VN",
        VN_BRANDS,
        "1111110",
        "268 Nguyễn Thị Minh Khai, Quận 3, TP. Hồ Chí Minh",
    ),
)


@dataclass(frozen=True)
class ShopSpec:
    """A shop; it sends repairs to the first of `centres` that serves the phone's brand."""

    key: str
    name: str
    city: str
    country: str
    address: str
    centres: tuple[str, ...]
    staff: int
    weight: int


SHOPS: tuple[ShopSpec, ...] = (
    ShopSpec(
        "portici",
        "Portici Mobile",
        "Portici",
        "IT",
        "Corso Garibaldi 98, 80055 Portici NA",
        ("naples", "milan"),
        2,
        3,
    ),
    ShopSpec(
        "naples",
        "Napoli Telefonia",
        "Napoli",
        "IT",
        "Via Toledo 210, 80134 Napoli NA",
        ("naples", "milan"),
        2,
        4,
    ),
    ShopSpec(
        "rome",
        "Roma Cellulari",
        "Roma",
        "IT",
        "Via Tuscolana 300, 00181 Roma RM",
        ("naples", "milan"),
        1,
        3,
    ),
    ShopSpec(
        "milan",
        "Milano Smartphone Store",
        "Milano",
        "IT",
        "Corso Buenos Aires 45, 20124 Milano MI",
        ("milan",),
        2,
        4,
    ),
    ShopSpec(
        "hanoi", "Hà Nội Mobile", "Hà Nội", "VN", "88 Thái Hà, Đống Đa, Hà Nội", ("hanoi",), 2, 4
    ),
    ShopSpec(
        "hcmc",
        "Sài Gòn Di Động",
        "TP. Hồ Chí Minh",
        "VN",
        "150 Cách Mạng Tháng Tám, Quận 3, TP. Hồ Chí Minh",
        ("hcmc",),
        2,
        4,
    ),
    ShopSpec(
        "danang",
        "Đà Nẵng Mobile",
        "Đà Nẵng",
        "VN",
        "210 Lê Duẩn, Hải Châu, Đà Nẵng",
        ("hcmc", "hanoi"),
        1,
        2,
    ),
)

# (maker months, legal months): the EU's 24-month legal guarantee in Italy, none in Vietnam.
WARRANTY: dict[tuple[str, str], tuple[int, int]] = {
    **{(b, "IT"): (24, 24) for b in ("xiaomi", "oppo", "vivo", "samsung")},
    ("xiaomi", "VN"): (18, 0),
    ("vsmart", "VN"): (18, 0),
    ("oppo", "VN"): (12, 0),
    ("vivo", "VN"): (12, 0),
    ("samsung", "VN"): (12, 0),
}

# (brand, country, channel, target, at risk, loaner) in working days.
SLA: tuple[tuple[str, str, str, int, int, int], ...] = (
    *((b, "IT", "any", 10, 7, 5) for b in ("xiaomi", "oppo", "vivo", "samsung")),
    *((b, "VN", "any", 7, 5, 4) for b in VN_BRANDS),
    # Walk-ins skip the courier legs, so two brands promise a tighter turnaround.
    ("samsung", "IT", "walk_in", 5, 3, 3),
    ("xiaomi", "VN", "walk_in", 5, 3, 3),
)

IT_MALE = (
    "Giuseppe",
    "Antonio",
    "Salvatore",
    "Gennaro",
    "Ciro",
    "Vincenzo",
    "Francesco",
    "Luca",
    "Marco",
    "Alessandro",
    "Matteo",
    "Davide",
    "Raffaele",
    "Pasquale",
    "Andrea",
    "Lorenzo",
    "Simone",
    "Stefano",
    "Paolo",
    "Roberto",
)
IT_FEMALE = (
    "Maria",
    "Anna",
    "Giulia",
    "Francesca",
    "Chiara",
    "Sara",
    "Martina",
    "Federica",
    "Valentina",
    "Alessia",
    "Rosa",
    "Carmela",
    "Assunta",
    "Elena",
    "Laura",
    "Silvia",
    "Teresa",
    "Ilaria",
    "Roberta",
    "Paola",
)
IT_SURNAMES = (
    "Esposito",
    "Russo",
    "Romano",
    "Colombo",
    "Ferrari",
    "Bianchi",
    "Ricci",
    "Marino",
    "Greco",
    "Bruno",
    "Gallo",
    "Conti",
    "De Luca",
    "Mancini",
    "Costa",
    "Giordano",
    "Rizzo",
    "Lombardi",
    "Moretti",
    "Coppola",
    "Cozzolino",
    "Iovine",
    "Barbieri",
    "Fontana",
    "Santoro",
    "Caruso",
    "Ferrara",
    "Leone",
    "Longo",
    "Di Maio",
    "Capasso",
    "Sorrentino",
    "Amato",
    "Vitale",
    "Palumbo",
)
VN_FAMILY = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
)
VN_MALE = (
    "Văn Hùng",
    "Minh Tuấn",
    "Đức Anh",
    "Quang Huy",
    "Văn Nam",
    "Hữu Phước",
    "Thanh Long",
    "Minh Khoa",
    "Quốc Bảo",
    "Đức Thắng",
    "Văn Dũng",
    "Hoàng Long",
    "Tiến Đạt",
    "Gia Huy",
    "Văn Hải",
)
VN_FEMALE = (
    "Thị Lan",
    "Thị Hương",
    "Ngọc Anh",
    "Thu Trang",
    "Thị Mai",
    "Phương Linh",
    "Thanh Hà",
    "Thị Thảo",
    "Minh Thư",
    "Ngọc Hân",
    "Thị Hoa",
    "Bảo Ngọc",
    "Khánh Vy",
    "Thùy Dung",
    "Thị Ngân",
)


@dataclass(frozen=True)
class FaultSpec:
    """A fault category with its weight, owner wording and technician explanations."""

    category: str
    weight: int
    problems: dict[str, tuple[str, ...]]  # what the owner says at the counter, per language
    covered: dict[str, str]  # public warranty reason when covered
    damage: dict[str, str] | None  # public reason when the owner caused it (never covered)
    quote: dict[str, str]  # what a paid repair covers
    parts: float  # share of repairs that must wait for a spare part
    price: dict[str, tuple[int, int]]  # paid repair price range, in minor units


FAULTS: tuple[FaultSpec, ...] = (
    FaultSpec(
        "display",
        30,
        {
            "it": (
                "Macchie scure sul display",
                "Righe verticali sullo schermo",
                "Il touch non risponde nella parte bassa",
                "Lo schermo resta nero ma il telefono squilla",
            ),
            "vi": (
                "Màn hình có đốm đen",
                "Màn hình bị sọc xanh",
                "Cảm ứng không nhạy ở phía dưới",
                "Màn hình tối đen nhưng máy vẫn đổ chuông",
            ),
        },
        {
            "it": "Il display presenta macchie: sostituzione in garanzia.",
            "vi": "Màn hình bị lỗi điểm ảnh do nhà sản xuất: thay màn hình miễn phí theo bảo hành.",
        },
        None,
        {
            "it": "Sostituzione display (ricambio originale e manodopera).",
            "vi": "Thay màn hình (linh kiện chính hãng và công thợ).",
        },
        0.55,
        {"it": (8900, 18900), "vi": (1_200_000, 3_500_000)},
    ),
    FaultSpec(
        "battery",
        18,
        {
            "it": (
                "La batteria si scarica in poche ore",
                "Si spegne da solo al 30%",
                "La batteria si è gonfiata",
            ),
            "vi": ("Pin tụt rất nhanh", "Máy tự tắt khi còn 20% pin", "Pin bị phồng"),
        },
        {
            "it": "La batteria ha perso capacità oltre la soglia ammessa: sostituzione in garanzia.",
            "vi": "Pin bị chai dưới ngưỡng cho phép: thay pin miễn phí theo bảo hành.",
        },
        None,
        {"it": "Sostituzione batteria originale.", "vi": "Thay pin chính hãng."},
        0.3,
        {"it": (4900, 7900), "vi": (450_000, 950_000)},
    ),
    FaultSpec(
        "charging",
        10,
        {
            "it": ("Non si carica, il cavo va tenuto storto", "Carica lentissima"),
            "vi": ("Không sạc được, phải giữ dây sạc", "Sạc rất chậm"),
        },
        {
            "it": "Il connettore di ricarica è difettoso: sostituito in garanzia.",
            "vi": "Cổng sạc bị lỗi: thay cổng sạc miễn phí theo bảo hành.",
        },
        None,
        {"it": "Sostituzione connettore di ricarica.", "vi": "Thay cổng sạc."},
        0.25,
        {"it": (3900, 6900), "vi": (300_000, 600_000)},
    ),
    FaultSpec(
        "camera",
        6,
        {
            "it": ("La fotocamera posteriore non mette a fuoco", "Foto sfocate e macchia viola"),
            "vi": ("Camera sau không lấy nét được", "Ảnh chụp bị mờ và có vệt tím"),
        },
        {
            "it": "Il modulo fotocamera è difettoso: sostituzione in garanzia.",
            "vi": "Cụm camera bị lỗi: thay camera miễn phí theo bảo hành.",
        },
        None,
        {"it": "Sostituzione modulo fotocamera posteriore.", "vi": "Thay cụm camera sau."},
        0.5,
        {"it": (5900, 11900), "vi": (700_000, 1_600_000)},
    ),
    FaultSpec(
        "audio",
        5,
        {
            "it": ("Non sento l'interlocutore durante le chiamate", "L'altoparlante gracchia"),
            "vi": ("Không nghe được người gọi", "Loa ngoài bị rè"),
        },
        {
            "it": "L'altoparlante auricolare è difettoso: sostituito in garanzia.",
            "vi": "Loa trong bị lỗi: thay loa miễn phí theo bảo hành.",
        },
        None,
        {"it": "Sostituzione altoparlante.", "vi": "Thay loa."},
        0.3,
        {"it": (3500, 5900), "vi": (250_000, 500_000)},
    ),
    FaultSpec(
        "connectivity",
        5,
        {
            "it": ("Non rileva la SIM", "Il Wi-Fi si disconnette di continuo"),
            "vi": ("Máy không nhận SIM", "Wi-Fi chập chờn, hay mất kết nối"),
        },
        {
            "it": "Il lettore SIM è difettoso: sostituito in garanzia.",
            "vi": "Khay và đầu đọc SIM bị lỗi: thay miễn phí theo bảo hành.",
        },
        None,
        {"it": "Sostituzione lettore SIM e antenna.", "vi": "Thay đầu đọc SIM và ăng-ten."},
        0.35,
        {"it": (4500, 8900), "vi": (350_000, 800_000)},
    ),
    FaultSpec(
        "software",
        10,
        {
            "it": (
                "Si riavvia da solo più volte al giorno",
                "Bloccato sul logo dopo l'aggiornamento",
            ),
            "vi": ("Máy tự khởi động lại nhiều lần", "Treo logo sau khi cập nhật"),
        },
        {
            "it": "Il software era danneggiato: reinstallato il sistema, nessun pezzo sostituito.",
            "vi": "Phần mềm bị lỗi: đã cài lại hệ điều hành, không cần thay linh kiện.",
        },
        None,
        {
            "it": "Reinstallazione del software e backup dei dati.",
            "vi": "Cài lại phần mềm và sao lưu dữ liệu.",
        },
        0.0,
        {"it": (2500, 3900), "vi": (150_000, 300_000)},
    ),
    FaultSpec(
        "liquid_damage",
        5,
        {
            "it": ("È caduto in acqua e non si accende", "Bagnato dalla pioggia, schermo a tratti"),
            "vi": ("Máy bị rơi vào nước, không lên nguồn", "Máy bị dính mưa, màn hình chập chờn"),
        },
        {"it": "", "vi": ""},
        {
            "it": "Sono presenti tracce di ossidazione da liquido: il danno non è coperto "
            "dalla garanzia.",
            "vi": "Máy có dấu hiệu vào nước và bị oxy hóa: không thuộc phạm vi bảo hành.",
        },
        {
            "it": "Pulizia a ultrasuoni e sostituzione scheda di ricarica.",
            "vi": "Vệ sinh bo mạch và thay bo sạc.",
        },
        0.6,
        {"it": (8900, 15900), "vi": (900_000, 2_200_000)},
    ),
    FaultSpec(
        "physical_damage",
        8,
        {
            "it": ("Schermo rotto dopo una caduta", "Scocca piegata e vetro posteriore rotto"),
            "vi": ("Rơi vỡ màn hình", "Vỏ máy bị cong, vỡ kính lưng"),
        },
        {"it": "", "vi": ""},
        {
            "it": "Il vetro è incrinato per un urto: il danno non è coperto dalla garanzia.",
            "vi": "Màn hình bị nứt do va đập: không thuộc phạm vi bảo hành.",
        },
        {
            "it": "Sostituzione display e vetro (ricambio originale e manodopera).",
            "vi": "Thay màn hình và mặt kính (linh kiện chính hãng và công thợ).",
        },
        0.55,
        {"it": (9900, 21900), "vi": (1_300_000, 3_900_000)},
    ),
    FaultSpec(
        "other",
        3,
        {
            "it": ("Il tasto di accensione è bloccato", "La vibrazione non funziona"),
            "vi": ("Nút nguồn bị kẹt", "Máy không rung"),
        },
        {
            "it": "Il tasto laterale è difettoso: sostituito in garanzia.",
            "vi": "Nút bấm bị lỗi: thay miễn phí theo bảo hành.",
        },
        None,
        {"it": "Sostituzione tasto laterale.", "vi": "Thay nút bấm."},
        0.3,
        {"it": (2900, 4900), "vi": (200_000, 400_000)},
    ),
)

# Public notes on the moves, in the owner's language.
NOTES: dict[str, dict[str, str]] = {
    "expired": {
        "it": "La garanzia è scaduta il {date}: la riparazione è a pagamento.",
        "vi": "Máy đã hết hạn bảo hành từ ngày {date}: sửa chữa có tính phí.",
    },
    "parts": {
        "it": "Ricambio ordinato: la riparazione riprende appena arriva.",
        "vi": "Đã đặt linh kiện: sẽ sửa ngay khi linh kiện về.",
    },
    "parts_in": {
        "it": "Il ricambio è arrivato: riparazione in corso.",
        "vi": "Linh kiện đã về: đang tiến hành sửa chữa.",
    },
    "back": {
        "it": "Riparazione completata e collaudata: il telefono torna al negozio.",
        "vi": "Đã sửa xong và kiểm tra: máy đang được gửi về cửa hàng.",
    },
    "pickup": {
        "it": "Il telefono è arrivato in negozio: può ritirarlo con il codice.",
        "vi": "Máy đã về cửa hàng: quý khách có thể đến nhận máy.",
    },
    "ready": {
        "it": "Il telefono è pronto: può ritirarlo al centro assistenza.",
        "vi": "Máy đã sẵn sàng: quý khách có thể nhận máy tại trung tâm.",
    },
    "replaced": {
        "it": "Riparazione non conveniente: il telefono viene sostituito con uno nuovo "
        "in garanzia.",
        "vi": "Không thể sửa trong thời gian ngắn: đổi máy mới theo chính sách bảo hành.",
    },
    "refunded": {
        "it": "Il difetto si è ripresentato più volte: il negozio rimborsa il prezzo d'acquisto.",
        "vi": "Lỗi tái diễn nhiều lần: cửa hàng hoàn tiền cho quý khách.",
    },
    "declined": {
        "it": "Preventivo rifiutato: il telefono viene restituito senza riparazione.",
        "vi": "Quý khách từ chối báo giá: máy được trả lại, không sửa chữa.",
    },
    "cancelled": {
        "it": "Annullata su richiesta del cliente.",
        "vi": "Đã hủy theo yêu cầu của khách hàng.",
    },
    "parts_late": {"it": "Il fornitore ha confermato la spedizione del ricambio: la data prevista "
                         "viene aggiornata appena arriva.",
                   "vi": "Nhà cung cấp đã xác nhận gửi linh kiện: ngày dự kiến sẽ được cập nhật "
                         "khi linh kiện về."},
}

# Internal notes the staff leave for each other (not shown to the owner).
INTERNAL: dict[str, tuple[str, ...]] = {
    "it": (
        "Ricambio in backorder dal fornitore, nessuna data certa.",
        "Sollecitato il magazzino centrale.",
        "Cliente richiama: chiede tempi.",
    ),
    "vi": (
        "Linh kiện đang chờ nhà cung cấp, chưa có ngày giao.",
        "Đã nhắc kho trung tâm.",
        "Khách gọi hỏi tiến độ.",
    ),
}
# The stuck Mi 8 of the demo story: the centre's only public word while the display is missing.
STUCK_NOTE = ("Il display di ricambio per il Mi 8 non è ancora disponibile: la riparazione "
              "riprende appena arriva.")
# What the counter notes about the phone's condition at intake.
CONDITIONS: dict[str, tuple[str, ...]] = {
    "it": ("Graffi leggeri sulla cornice", "Pellicola protettiva graffiata", "Nessun segno di urti",
           "Cover consegnata insieme al telefono"),
    "vi": ("Trầy nhẹ viền máy", "Miếng dán màn hình bị trầy", "Không có dấu hiệu va đập",
           "Khách gửi kèm ốp lưng"),
}
CONTACT_NOTES: dict[str, tuple[str, ...]] = {
    "it": (
        "Chiede quando sarà pronto.",
        "Chiede a che punto è la riparazione.",
        "Il cliente è senza telefono e sollecita.",
        "Richiesta aggiornamento.",
    ),
    "vi": (
        "Khách hỏi khi nào xong.",
        "Khách hỏi tình trạng sửa chữa.",
        "Khách không có máy dùng, hối thúc.",
        "Hỏi cập nhật tiến độ.",
    ),
}
