"""The demo's static catalogue as plain data: brands, models, centres, shops, policies, words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

DEMO_PASSWORD = "demo1234"
DOMAIN = "demo.aftersales"
LANGUAGE = {"IT": "it", "VN": "vi"}
CURRENCY = {"IT": "EUR", "VN": "VND"}

BRANDS = (
    ("xiaomi", "Xiaomi"),
    ("vsmart", "Vsmart"),
    ("oppo", "OPPO"),
    ("vivo", "vivo"),
    ("samsung", "Samsung"),
)
# What owners see of a brand (decision 126): its service's name and a colour for white text.
BRAND_LOOKS = {
    "xiaomi": ("Xiaomi Care", "#c2410c"),
    "vsmart": ("Vsmart Care", "#be123c"),
}


@dataclass(frozen=True)
class ModelSpec:
    """A phone model: brand slug, name, invented TACs, life-cycle dates, share of its brand."""

    brand: str
    name: str
    tacs: tuple[str, ...]
    release: date
    end_of_sale: date | None
    weight: int


# Release dates are the real ones. End-of-sale dates fall inside the demo's three years so
# that every demo phone is bought while its model is on sale; Vsmart's models all stop in
# mid-2024, when the maker leaves the market but keeps its promise of repairs and parts.
# Italian shops still sell the Mi 8 as old stock: the story's phone is bought weeks before
# its display fails. TACs are invented (8 digits, all distinct).
MODELS = (
    ModelSpec("xiaomi", "Mi 8", ("86446403", "86446404"), date(2018, 5, 31), None, 3),
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
BRAND_SHARE = {
    "IT": {"xiaomi": 36, "oppo": 18, "vivo": 12, "samsung": 34},
    "VN": {"xiaomi": 18, "vsmart": 20, "oppo": 22, "vivo": 14, "samsung": 26},
}
COUNTRY_SHARE = {"IT": 55, "VN": 45}


@dataclass(frozen=True)
class CentreSpec:
    """An authorised service centre; `key` names its staff's e-mail addresses."""

    key: str
    name: str
    city: str
    country: str
    brands: tuple[str, ...]
    week: str


@dataclass(frozen=True)
class ShopSpec:
    """A shop; it sends repairs to the first of `centres` that serves the phone's brand."""

    key: str
    name: str
    city: str
    country: str
    centres: tuple[str, ...]
    staff: int
    weight: int  # share of the country's phone sales


VN_BRANDS = ("vsmart", "xiaomi", "oppo", "vivo", "samsung")
CENTRES = (
    CentreSpec(
        "naples",
        "Centro Assistenza Napoli",
        "Napoli",
        "IT",
        ("xiaomi", "oppo", "samsung"),
        "1111100",
    ),
    CentreSpec(
        "milan",
        "Centro Assistenza Milano",
        "Milano",
        "IT",
        ("xiaomi", "oppo", "vivo", "samsung"),
        "1111100",
    ),
    # Vietnamese service centres work on Saturdays.
    CentreSpec("hanoi", "Trung tâm Bảo hành Hà Nội", "Hà Nội", "VN", VN_BRANDS, "1111110"),
    CentreSpec(
        "hcmc", "Trung tâm Bảo hành TP. Hồ Chí Minh", "TP. Hồ Chí Minh", "VN", VN_BRANDS, "1111110"
    ),
)
SHOPS = (
    ShopSpec("portici", "Portici Mobile", "Portici", "IT", ("naples", "milan"), 2, 3),
    ShopSpec("naples", "Napoli Telefonia", "Napoli", "IT", ("naples", "milan"), 2, 4),
    ShopSpec("rome", "Roma Cellulari", "Roma", "IT", ("naples", "milan"), 1, 3),
    ShopSpec("milan", "Milano Smartphone Store", "Milano", "IT", ("milan",), 2, 4),
    ShopSpec("hanoi", "Hà Nội Mobile", "Hà Nội", "VN", ("hanoi",), 2, 4),
    ShopSpec("hcmc", "Sài Gòn Di Động", "TP. Hồ Chí Minh", "VN", ("hcmc",), 2, 4),
    ShopSpec("danang", "Đà Nẵng Mobile", "Đà Nẵng", "VN", ("hcmc", "hanoi"), 1, 2),
)
ADDRESSES = {  # of centres and shops, by key
    "centre:naples": "Via Galileo Ferraris 150, 80142 Napoli NA",
    "centre:milan": "Viale Monza 265, 20126 Milano MI",
    "centre:hanoi": "125 Hoàng Quốc Việt, Cầu Giấy, Hà Nội",
    "centre:hcmc": "268 Nguyễn Thị Minh Khai, Quận 3, TP. Hồ Chí Minh",
    "shop:portici": "Corso Garibaldi 98, 80055 Portici NA",
    "shop:naples": "Via Toledo 210, 80134 Napoli NA",
    "shop:rome": "Via Tuscolana 300, 00181 Roma RM",
    "shop:milan": "Corso Buenos Aires 45, 20124 Milano MI",
    "shop:hanoi": "88 Thái Hà, Đống Đa, Hà Nội",
    "shop:hcmc": "150 Cách Mạng Tháng Tám, Quận 3, TP. Hồ Chí Minh",
    "shop:danang": "210 Lê Duẩn, Hải Châu, Đà Nẵng",
}
# Where each city is (latitude, longitude in degrees): shops' repairs go to the nearest centre.
CITY_COORDINATES = {
    "Napoli": (40.8518, 14.2681),
    "Milano": (45.4642, 9.1900),
    "Roma": (41.9028, 12.4964),
    "Portici": (40.8197, 14.3411),
    "Hà Nội": (21.0285, 105.8542),
    "TP. Hồ Chí Minh": (10.7769, 106.7009),
    "Đà Nẵng": (16.0471, 108.2068),
}

# (maker months, legal months): the EU's 24-month legal guarantee in Italy, none in Vietnam.
WARRANTY = {
    **{(b, "IT"): (24, 24) for b in ("xiaomi", "oppo", "vivo", "samsung")},
    ("xiaomi", "VN"): (18, 0),
    ("vsmart", "VN"): (18, 0),
    ("oppo", "VN"): (12, 0),
    ("vivo", "VN"): (12, 0),
    ("samsung", "VN"): (12, 0),
}
# (brand, country, channel, target, at risk, loaner), in working days.
SLA = (
    *((b, "IT", "any", 10, 7, 5) for b in ("xiaomi", "oppo", "vivo", "samsung")),
    *((b, "VN", "any", 7, 5, 4) for b in VN_BRANDS),
    # Walk-ins skip the courier legs, so two brands promise a tighter turnaround.
    ("samsung", "IT", "walk_in", 5, 3, 3),
    ("xiaomi", "VN", "walk_in", 5, 3, 3),
)

# The demo owners with a login: (key, e-mail name, country, full name).
OWNERS = (
    ("it", "owner", "IT", "Ciro Esposito"),
    ("vn", "owner.vn", "VN", "Nguyễn Văn Minh"),
    ("it2", "owner.milano", "IT", "Giulia Colombo"),
    ("vn2", "owner.hcm", "VN", "Trần Thị Thu Hà"),
)


class OwnerRepair(NamedTuple):
    """A demo owner's phone and the repair that gives the owner something to follow."""

    owner: str  # key in OWNERS
    model: str
    shop: str  # where the phone was bought
    bought: int  # days ago (or at the model's end of sale, if earlier)
    channel: str
    centre: str  # that handles it, or "" for the shop's usual one
    fault: str
    kind: str  # "closed", or "open:<the status it is in now>"
    started: int  # days ago, for a closed one
    how: str  # how it goes (see generate._flavour), or "" to draw it


OWNER_REPAIRS = (
    OwnerRepair("it", "Galaxy A51", "portici", 600, "shop", "", "battery", "closed", 190, "fix"),
    OwnerRepair(
        "vn", "Live 4", "hanoi", 700, "walk_in", "hanoi", "display", "closed", 150, "quote_parts"
    ),
    OwnerRepair(
        "vn", "Reno 4", "hanoi", 250, "walk_in", "hanoi", "camera", "open:repairing", 0, "fix"
    ),
    OwnerRepair("it2", "V20", "milan", 400, "online", "", "battery", "closed", 120, "fix"),
    OwnerRepair(
        "vn2", "Galaxy S20", "hcmc", 500, "online", "", "charging", "open:registered", 0, ""
    ),
)
# The story of the product brief: a Mi 8 bought at Portici weeks before its display failed,
# at the Naples centre for 26 working days, waiting for a spare display (see generate._stuck).
STUCK = OwnerRepair("it", "Mi 8", "portici", 75, "shop", "naples", "display", "", 0, "")


def _names(text: str) -> tuple[str, ...]:
    """Split a comma-separated list: long lists of names stay readable in a few lines."""
    return tuple(text.split(", "))


# Names true to life.
IT_MALE = _names(
    "Giuseppe, Antonio, Salvatore, Gennaro, Ciro, Vincenzo, Francesco, Luca, Marco, Alessandro, "
    "Matteo, Davide, Raffaele, Pasquale, Andrea, Lorenzo, Simone, Stefano, Paolo, Roberto"
)
IT_FEMALE = _names(
    "Maria, Anna, Giulia, Francesca, Chiara, Sara, Martina, Federica, Valentina, Alessia, Rosa, "
    "Carmela, Assunta, Elena, Laura, Silvia, Teresa, Ilaria, Roberta, Paola"
)
IT_SURNAMES = _names(
    "Esposito, Russo, Romano, Colombo, Ferrari, Bianchi, Ricci, Marino, Greco, Bruno, Gallo, "
    "Conti, De Luca, Mancini, Costa, Giordano, Rizzo, Lombardi, Moretti, Coppola, Cozzolino, "
    "Iovine, Barbieri, Fontana, Santoro, Caruso, Ferrara, Leone, Longo, Di Maio, Capasso, "
    "Sorrentino, Amato, Vitale, Palumbo"
)
VN_FAMILY = _names(
    "Nguyễn, Trần, Lê, Phạm, Hoàng, Huỳnh, Phan, Vũ, Võ, Đặng, Bùi, Đỗ, Hồ, Ngô, Dương, Lý"
)
VN_MALE = _names(  # middle and given name
    "Văn Hùng, Minh Tuấn, Đức Anh, Quang Huy, Văn Nam, Hữu Phước, Thanh Long, Minh Khoa, "
    "Quốc Bảo, Đức Thắng, Văn Dũng, Hoàng Long, Tiến Đạt, Gia Huy, Văn Hải"
)
VN_FEMALE = _names(
    "Thị Lan, Thị Hương, Ngọc Anh, Thu Trang, Thị Mai, Phương Linh, Thanh Hà, Thị Thảo, "
    "Minh Thư, Ngọc Hân, Thị Hoa, Bảo Ngọc, Khánh Vy, Thùy Dung, Thị Ngân"
)


@dataclass(frozen=True)
class FaultSpec:
    """A fault category: how common, whether the warranty can cover it, parts and prices."""

    category: str
    weight: int
    damage: bool  # caused by the owner: never covered
    parts: float  # share of repairs that must wait for a spare part
    price: dict[str, tuple[int, int]]  # paid repair, in minor units, by language


FAULTS = (
    FaultSpec("display", 42, False, 0.55, {"it": (8900, 18900), "vi": (1_200_000, 3_500_000)}),
    FaultSpec("battery", 18, False, 0.3, {"it": (4900, 7900), "vi": (450_000, 950_000)}),
    FaultSpec("charging", 10, False, 0.25, {"it": (3900, 6900), "vi": (300_000, 600_000)}),
    FaultSpec("camera", 6, False, 0.5, {"it": (5900, 11900), "vi": (700_000, 1_600_000)}),
    FaultSpec("audio", 5, False, 0.3, {"it": (3500, 5900), "vi": (250_000, 500_000)}),
    FaultSpec("connectivity", 5, False, 0.35, {"it": (4500, 8900), "vi": (350_000, 800_000)}),
    FaultSpec("software", 10, False, 0.0, {"it": (2500, 3900), "vi": (150_000, 300_000)}),
    FaultSpec("liquid_damage", 5, True, 0.6, {"it": (8900, 15900), "vi": (900_000, 2_200_000)}),
    FaultSpec(
        "physical_damage", 8, True, 0.55, {"it": (9900, 21900), "vi": (1_300_000, 3_900_000)}
    ),
    FaultSpec("other", 3, False, 0.3, {"it": (2900, 4900), "vi": (200_000, 400_000)}),
)

# Per language and fault: what the owner says at the counter (two ways), the technician's
# public explanation (covered, or why not for damage), and what a paid repair covers.
FAULT_TEXT: dict[str, dict[str, tuple[str, str, str, str]]] = {
    "it": {
        "display": (
            "Macchie scure sul display",
            "Righe verticali sullo schermo, il touch non risponde in basso",
            "Il display presenta macchie: sostituzione in garanzia.",
            "Sostituzione display (ricambio originale e manodopera).",
        ),
        "battery": (
            "La batteria si scarica in poche ore",
            "Si spegne da solo al 30%",
            "La batteria ha perso capacità oltre la soglia: sostituzione in garanzia.",
            "Sostituzione batteria originale.",
        ),
        "charging": (
            "Non si carica, il cavo va tenuto storto",
            "Carica lentissima",
            "Il connettore di ricarica è difettoso: sostituito in garanzia.",
            "Sostituzione connettore di ricarica.",
        ),
        "camera": (
            "La fotocamera posteriore non mette a fuoco",
            "Foto sfocate con una macchia viola",
            "Il modulo fotocamera è difettoso: sostituzione in garanzia.",
            "Sostituzione modulo fotocamera posteriore.",
        ),
        "audio": (
            "Non sento l'interlocutore durante le chiamate",
            "L'altoparlante gracchia",
            "L'altoparlante è difettoso: sostituito in garanzia.",
            "Sostituzione altoparlante.",
        ),
        "connectivity": (
            "Non rileva la SIM",
            "Il Wi-Fi si disconnette di continuo",
            "Il lettore SIM è difettoso: sostituito in garanzia.",
            "Sostituzione lettore SIM e antenna.",
        ),
        "software": (
            "Si riavvia da solo più volte al giorno",
            "Bloccato sul logo dopo l'aggiornamento",
            "Il software era danneggiato: reinstallato il sistema, nessun pezzo sostituito.",
            "Reinstallazione del software e backup dei dati.",
        ),
        "liquid_damage": (
            "È caduto in acqua e non si accende",
            "Bagnato dalla pioggia, lo schermo va e viene",
            "Ci sono tracce di ossidazione da liquido: il danno non è coperto dalla garanzia.",
            "Pulizia della scheda e sostituzione del modulo di ricarica.",
        ),
        "physical_damage": (
            "Schermo rotto dopo una caduta",
            "Scocca piegata e vetro posteriore rotto",
            "Il vetro è incrinato per un urto: il danno non è coperto dalla garanzia.",
            "Sostituzione display e vetro (ricambio originale e manodopera).",
        ),
        "other": (
            "Il tasto di accensione è bloccato",
            "La vibrazione non funziona",
            "Il tasto laterale è difettoso: sostituito in garanzia.",
            "Sostituzione tasto laterale.",
        ),
    },
    "vi": {
        "display": (
            "Màn hình có đốm đen",
            "Màn hình bị sọc xanh, cảm ứng không nhạy ở phía dưới",
            "Màn hình bị lỗi điểm ảnh do nhà sản xuất: thay màn hình miễn phí theo bảo hành.",
            "Thay màn hình (linh kiện chính hãng và công thợ).",
        ),
        "battery": (
            "Pin tụt rất nhanh",
            "Máy tự tắt khi còn 20% pin",
            "Pin bị chai dưới ngưỡng cho phép: thay pin miễn phí theo bảo hành.",
            "Thay pin chính hãng.",
        ),
        "charging": (
            "Không sạc được, phải giữ dây sạc",
            "Sạc rất chậm",
            "Cổng sạc bị lỗi: thay cổng sạc miễn phí theo bảo hành.",
            "Thay cổng sạc.",
        ),
        "camera": (
            "Camera sau không lấy nét được",
            "Ảnh chụp bị mờ và có vệt tím",
            "Cụm camera bị lỗi: thay camera miễn phí theo bảo hành.",
            "Thay cụm camera sau.",
        ),
        "audio": (
            "Không nghe được người gọi",
            "Loa ngoài bị rè",
            "Loa bị lỗi: thay loa miễn phí theo bảo hành.",
            "Thay loa.",
        ),
        "connectivity": (
            "Máy không nhận SIM",
            "Wi-Fi chập chờn, hay mất kết nối",
            "Đầu đọc SIM bị lỗi: thay miễn phí theo bảo hành.",
            "Thay đầu đọc SIM và ăng-ten.",
        ),
        "software": (
            "Máy tự khởi động lại nhiều lần",
            "Treo logo sau khi cập nhật",
            "Phần mềm bị lỗi: đã cài lại hệ điều hành, không cần thay linh kiện.",
            "Cài lại phần mềm và sao lưu dữ liệu.",
        ),
        "liquid_damage": (
            "Máy bị rơi vào nước, không lên nguồn",
            "Máy bị dính mưa, màn hình chập chờn",
            "Máy có dấu hiệu vào nước và bị oxy hóa: không thuộc phạm vi bảo hành.",
            "Vệ sinh bo mạch và thay bo sạc.",
        ),
        "physical_damage": (
            "Rơi vỡ màn hình",
            "Vỏ máy bị cong, vỡ kính lưng",
            "Màn hình bị nứt do va đập: không thuộc phạm vi bảo hành.",
            "Thay màn hình và mặt kính (linh kiện chính hãng và công thợ).",
        ),
        "other": (
            "Nút nguồn bị kẹt",
            "Máy không rung",
            "Nút bấm bị lỗi: thay miễn phí theo bảo hành.",
            "Thay nút bấm.",
        ),
    },
}

# Public notes on the moves, in the owner's language.
NOTES = {
    "covered": {
        "it": "Difetto di fabbricazione: l'intervento è coperto dalla garanzia.",
        "vi": "Lỗi do nhà sản xuất: được bảo hành miễn phí.",
    },
    "expired": {
        "it": "La garanzia è scaduta il {date}: la riparazione è a pagamento.",
        "vi": "Máy đã hết hạn bảo hành từ ngày {date}: sửa chữa có tính phí.",
    },
    "parts": {
        "it": "Ricambio ordinato: la riparazione riprende appena arriva.",
        "vi": "Đã đặt linh kiện: sẽ sửa ngay khi linh kiện về.",
    },
    "parts_late": {
        "it": "Il fornitore ha confermato la spedizione del ricambio.",
        "vi": "Nhà cung cấp đã xác nhận gửi linh kiện.",
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
    "replace": {
        "it": "Riparazione non conveniente: il telefono viene sostituito con uno nuovo.",
        "vi": "Không thể sửa trong thời gian ngắn: đổi máy mới theo chính sách bảo hành.",
    },
    "refund": {
        "it": "Il difetto si è ripresentato: il negozio rimborsa il prezzo d'acquisto.",
        "vi": "Lỗi tái diễn nhiều lần: cửa hàng hoàn tiền cho quý khách.",
    },
    "quote_no": {
        "it": "Preventivo rifiutato: il telefono viene restituito senza riparazione.",
        "vi": "Quý khách từ chối báo giá: máy được trả lại, không sửa chữa.",
    },
    "cancelled": {
        "it": "Annullata su richiesta del cliente.",
        "vi": "Đã hủy theo yêu cầu của khách hàng.",
    },
}
# The stuck Mi 8 of the demo story: the centre's only public word while the display is missing.
STUCK_PROBLEM = "Macchie sul display poche settimane dopo l'acquisto"
STUCK_NOTE = "Il display di ricambio per il Mi 8 non è ancora disponibile."
# Why the supplier moved the Mi 8 display's delivery, twice (demo.stock.supplier_moves).
SLIPS = (
    "Il fornitore ha spostato la consegna: display del Mi 8 esauriti in fabbrica.",
    "Nuovo rinvio del fornitore: il lotto di display è fermo in dogana.",
)
SHOP_CALL = "Il negozio sollecita il centro: il cliente chiede notizie."

# Internal notes the staff leave for each other, and what a contact was about.
INTERNAL: dict[str, tuple[str, ...]] = {
    "it": ("Ricambio in backorder dal fornitore, nessuna data certa.", "Sollecitato il magazzino."),
    "vi": ("Linh kiện đang chờ nhà cung cấp, chưa có ngày giao.", "Đã nhắc kho trung tâm."),
}
CONTACT_NOTES: dict[str, tuple[str, ...]] = {
    "it": ("Chiede quando sarà pronto.", "Il cliente è senza telefono e sollecita."),
    "vi": ("Khách hỏi khi nào xong.", "Khách không có máy dùng, hối thúc."),
}
# What the counter notes about the phone's condition.
CONDITIONS: dict[str, tuple[str, ...]] = {
    "it": ("Graffi leggeri sulla cornice", "Pellicola graffiata", "Nessun segno di urti"),
    "vi": ("Trầy nhẹ viền máy", "Miếng dán màn hình bị trầy", "Không có dấu hiệu va đập"),
}

# Open repairs by the status they are in now, so that every step of the life cycle shows,
# and how long (working days, low-high) each has sat there.
OPEN_NOW = {
    "registered": (4, 0.2, 3),
    "received": (6, 0.05, 0.5),
    "in_transit_to_centre": (5, 0.2, 2),
    "at_centre": (5, 0.1, 1.5),
    "diagnosing": (10, 0.1, 2.5),
    "awaiting_approval": (6, 0.3, 6),
    "awaiting_parts": (14, 1, 18),
    "repairing": (8, 0.1, 2),
    "testing": (5, 0.05, 1),
    "ready": (4, 0.1, 4),
    "in_transit_to_shop": (4, 0.2, 2.5),
    "ready_for_pickup": (6, 0.2, 6),
}
