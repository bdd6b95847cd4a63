# ruff: noqa: E501
"""The demo's knowledge base: articles and known issues of Xiaomi and Vsmart in en, it and vi.

Each group has a stable key, shared by its three languages; the labelled set of owners'
problems (tests/data/selfhelp_problems.csv) names the key each problem should find. Nothing
is drawn at random. Loaded as the system, straight to published (the demo's review is done).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from aftersales.catalog.models import Brand
from aftersales.demo.data import BRANDS, MODELS
from aftersales.kernel.actors import SYSTEM
from aftersales.kernel.markdown import plain
from aftersales.knowledge.service import ArticleFields, create_article, move_article
from aftersales.selfhelp.search import Doc, Index
from aftersales.selfhelp.words import guess_language

Words = tuple[str, str]  # title, body


@dataclass(frozen=True)
class Group:
    """One article in three languages, with where it applies."""

    key: str
    brand: str
    model: str | None
    fault: str
    en: Words
    it: Words
    vi: Words
    remedy: tuple[str, str, str] | None = None  # known issues: en, it, vi
    since: date | None = None


GROUPS = (
    Group(
        "mi8-display-spots",
        "xiaomi",
        "Mi 8",
        "display",
        (
            "Mi 8: spots or bright patches on the display",
            "Some Mi 8 displays show light spots or bright patches, most visible on a white background. "
            "It is a fault of the display panel, not something you did.\n\n"
            "1. Check that the phone is in warranty.\n2. Book a repair: the display is replaced free of charge.",
        ),
        (
            "Mi 8: macchie o aloni chiari sul display",
            "Su alcuni Mi 8 il display mostra macchie chiare o aloni, visibili soprattutto su sfondo bianco. "
            "È un difetto del pannello, non un danno.\n\n"
            "1. Controlla che il telefono sia in garanzia.\n2. Prenota la riparazione: il display viene sostituito gratis.",
        ),
        (
            "Mi 8: đốm sáng hoặc vệt mờ trên màn hình",
            "Một số Mi 8 có đốm sáng hoặc vệt mờ trên màn hình, dễ thấy trên nền trắng. "
            "Đây là lỗi của tấm màn hình.\n\n1. Kiểm tra máy còn bảo hành.\n2. Đặt lịch sửa: màn hình được thay miễn phí.",
        ),
        (
            "Free display replacement under warranty",
            "Sostituzione gratuita del display in garanzia",
            "Thay màn hình miễn phí trong thời gian bảo hành",
        ),
        date(2019, 3, 1),
    ),
    Group(
        "xiaomi-battery-drain",
        "xiaomi",
        None,
        "battery",
        (
            "Battery drains fast",
            "If the battery runs out in a few hours:\n\n- Open Settings › Battery and see which app uses most.\n"
            "- Turn on battery saver and lower the screen brightness.\n- Install the latest update.\n"
            "- If the battery still lasts less than half a day, the battery may be worn: book a check.",
        ),
        (
            "La batteria si scarica in fretta",
            "Se la batteria si scarica in poche ore:\n\n- Apri Impostazioni › Batteria e guarda quale app consuma di più.\n"
            "- Attiva il risparmio energetico e abbassa la luminosità.\n- Installa l'ultimo aggiornamento.\n"
            "- Se dura ancora meno di mezza giornata la batteria può essere consumata: prenota un controllo.",
        ),
        (
            "Pin nhanh hết",
            "Nếu pin hết chỉ sau vài giờ:\n\n- Vào Cài đặt › Pin để xem ứng dụng nào tốn pin nhất.\n"
            "- Bật tiết kiệm pin và giảm độ sáng màn hình.\n- Cập nhật phần mềm mới nhất.\n"
            "- Nếu pin vẫn tụt nhanh, pin có thể bị chai: hãy đặt lịch kiểm tra.",
        ),
    ),
    Group(
        "xiaomi-not-charging",
        "xiaomi",
        None,
        "charging",
        (
            "The phone does not charge or charges slowly",
            "- Try another cable and charger, plugged straight into the wall.\n"
            "- Look into the USB-C port: lint often blocks the plug. Clean it gently with a wooden toothpick.\n"
            "- Restart the phone while it is plugged in.\nIf it still does not charge, the port may need a repair.",
        ),
        (
            "Il telefono non si carica o si carica piano",
            "- Prova un altro cavo e un altro caricatore, collegati alla presa a muro.\n"
            "- Guarda dentro la porta USB-C: spesso la polvere blocca la spina. Puliscila con delicatezza con uno stuzzicadenti di legno.\n"
            "- Riavvia il telefono mentre è in carica.\nSe ancora non carica, la porta può richiedere una riparazione.",
        ),
        (
            "Điện thoại không sạc được hoặc sạc chậm",
            "- Thử dây cáp và củ sạc khác, cắm trực tiếp vào ổ điện.\n"
            "- Kiểm tra cổng USB-C: bụi vải thường làm kẹt đầu cắm. Làm sạch nhẹ nhàng bằng tăm gỗ.\n"
            "- Khởi động lại máy khi đang cắm sạc.\nNếu vẫn không vào điện, cổng sạc có thể cần sửa.",
        ),
    ),
    Group(
        "xiaomi-wifi-drops",
        "xiaomi",
        None,
        "connectivity",
        (
            "Wi-Fi keeps disconnecting",
            "- Forget the network and join it again.\n- Restart the router.\n"
            "- Settings › Connection › Reset Wi-Fi, mobile networks and Bluetooth.\n- Turn off Wi-Fi assistant.",
        ),
        (
            "Il Wi-Fi si disconnette di continuo",
            "- Dimentica la rete e collegati di nuovo.\n- Riavvia il router.\n"
            "- Impostazioni › Connessione › Ripristina Wi-Fi, reti mobili e Bluetooth.\n- Disattiva l'assistente Wi-Fi.",
        ),
        (
            "Wi-Fi bị mất kết nối liên tục",
            "- Xoá mạng Wi-Fi rồi kết nối lại.\n- Khởi động lại bộ phát wifi.\n"
            "- Cài đặt › Kết nối › Đặt lại Wi-Fi, mạng di động và Bluetooth.\n- Tắt trợ lý Wi-Fi.",
        ),
    ),
    Group(
        "xiaomi-camera-blurry",
        "xiaomi",
        None,
        "camera",
        (
            "Photos are blurry or the camera does not focus",
            "- Clean the lens with a soft cloth.\n- Take off the case: its edge may cover the lens.\n"
            "- Tap on the subject to focus.\n- Clear the camera app's data in Settings › Apps.",
        ),
        (
            "Le foto sono sfocate o la fotocamera non mette a fuoco",
            "- Pulisci l'obiettivo con un panno morbido.\n- Togli la cover: il bordo può coprire l'obiettivo.\n"
            "- Tocca il soggetto per mettere a fuoco.\n- Cancella i dati dell'app Fotocamera in Impostazioni › App.",
        ),
        (
            "Ảnh bị mờ hoặc camera không lấy nét",
            "- Lau ống kính bằng khăn mềm.\n- Tháo ốp lưng: viền ốp có thể che camera.\n"
            "- Chạm vào vật cần chụp để lấy nét.\n- Xoá dữ liệu ứng dụng Camera trong Cài đặt › Ứng dụng.",
        ),
    ),
    Group(
        "xiaomi-no-sound-calls",
        "xiaomi",
        None,
        "audio",
        (
            "No sound in calls or the other person cannot hear you",
            "- Turn Bluetooth off: the call may go to earphones or a car.\n- Clean the earpiece and microphone holes.\n"
            "- Raise the volume during the call.\n- Take off a screen protector that covers the earpiece.",
        ),
        (
            "Non si sente durante le chiamate o l'altro non ti sente",
            "- Disattiva il Bluetooth: la chiamata può andare alle cuffie o all'auto.\n- Pulisci i fori della capsula e del microfono.\n"
            "- Alza il volume durante la chiamata.\n- Togli la pellicola se copre la capsula auricolare.",
        ),
        (
            "Không nghe được khi gọi hoặc người kia không nghe thấy bạn",
            "- Tắt Bluetooth: cuộc gọi có thể đang chuyển sang tai nghe hoặc ô tô.\n- Làm sạch lỗ loa thoại và micro.\n"
            "- Tăng âm lượng trong khi gọi.\n- Bóc miếng dán màn hình nếu che loa thoại.",
        ),
    ),
    Group(
        "xiaomi-update-stuck",
        "xiaomi",
        None,
        "software",
        (
            "Stuck on the logo or restarting after an update",
            "- Hold power and volume down for 15 seconds to force a restart.\n"
            "- If it keeps restarting, open recovery (power + volume up) and choose Wipe cache.\n"
            "- Make sure at least 5 GB are free before updating.",
        ),
        (
            "Bloccato sul logo o si riavvia dopo un aggiornamento",
            "- Tieni premuti accensione e volume giù per 15 secondi per forzare il riavvio.\n"
            "- Se continua a riavviarsi, apri il recovery (accensione + volume su) e scegli Wipe cache.\n"
            "- Prima di aggiornare lascia almeno 5 GB liberi.",
        ),
        (
            "Máy bị treo logo hoặc khởi động lại liên tục sau khi cập nhật",
            "- Giữ nút nguồn và giảm âm lượng 15 giây để khởi động lại.\n"
            "- Nếu vẫn khởi động lại liên tục, vào recovery (nguồn + tăng âm lượng) và chọn Wipe cache.\n"
            "- Để trống ít nhất 5 GB trước khi cập nhật.",
        ),
    ),
    Group(
        "mi9-wireless-overheat",
        "xiaomi",
        "Mi 9",
        "charging",
        (
            "Mi 9: gets hot and stops charging on a wireless charger",
            "Some Mi 9 get hot on a wireless charging pad and stop charging. Update MIUI: the update "
            "lowers the wireless charging power. If it still overheats, book a check free of charge.",
        ),
        (
            "Mi 9: si scalda e smette di caricare sulla base wireless",
            "Alcuni Mi 9 si scaldano sulla base di ricarica wireless e smettono di caricare. Aggiorna MIUI: "
            "l'aggiornamento riduce la potenza della ricarica senza fili. Se si scalda ancora, prenota un controllo gratuito.",
        ),
        (
            "Mi 9: nóng máy và ngừng sạc khi sạc không dây",
            "Một số Mi 9 bị nóng trên đế sạc không dây và ngừng sạc. Hãy cập nhật MIUI: bản cập nhật giảm "
            "công suất sạc không dây. Nếu vẫn nóng, đặt lịch kiểm tra miễn phí.",
        ),
        (
            "Software update; free check if it persists",
            "Aggiornamento software; controllo gratuito se continua",
            "Cập nhật phần mềm; kiểm tra miễn phí nếu vẫn lỗi",
        ),
        date(2019, 9, 1),
    ),
    Group(
        "redmi-note8-ghost-touch",
        "xiaomi",
        "Redmi Note 8",
        "display",
        (
            "Redmi Note 8: the screen touches by itself (ghost touch)",
            "On some Redmi Note 8 the touch screen reacts on its own: apps open, letters are typed by themselves. "
            "The touch panel is replaced free of charge under warranty.",
        ),
        (
            "Redmi Note 8: lo schermo tocca da solo (tocchi fantasma)",
            "Su alcuni Redmi Note 8 il touch reagisce da solo: si aprono app, si scrivono lettere da sole. "
            "Il pannello touch viene sostituito gratis in garanzia.",
        ),
        (
            "Redmi Note 8: màn hình tự bấm (cảm ứng ma, loạn cảm ứng)",
            "Trên một số Redmi Note 8, cảm ứng tự nhảy: ứng dụng tự mở, tự gõ chữ. "
            "Tấm cảm ứng được thay miễn phí trong bảo hành.",
        ),
        (
            "Free touch panel replacement under warranty",
            "Sostituzione gratuita del touch in garanzia",
            "Thay cảm ứng miễn phí trong bảo hành",
        ),
        date(2020, 5, 1),
    ),
    Group(
        "xiaomi-got-wet",
        "xiaomi",
        None,
        "liquid_damage",
        (
            "The phone got wet or fell in water",
            "- Switch it off at once and do not charge it.\n- Dry the outside, take out the SIM tray.\n"
            "- Do not put it in rice or on a heater.\n- Bring it to a shop within a day: corrosion starts fast.",
        ),
        (
            "Il telefono si è bagnato o è caduto in acqua",
            "- Spegnilo subito e non metterlo in carica.\n- Asciuga l'esterno, togli il carrellino della SIM.\n"
            "- Non metterlo nel riso né sul termosifone.\n- Portalo in negozio entro un giorno: la corrosione è rapida.",
        ),
        (
            "Điện thoại bị vào nước hoặc rơi xuống nước",
            "- Tắt máy ngay và không sạc.\n- Lau khô bên ngoài, tháo khay SIM.\n"
            "- Không ngâm vào gạo, không hơ máy sấy.\n- Mang đến cửa hàng trong vòng một ngày: máy bị ăn mòn rất nhanh.",
        ),
    ),
    Group(
        "xiaomi-no-sim",
        "xiaomi",
        None,
        "connectivity",
        (
            "No SIM card or no signal",
            "- Take out the SIM, clean its contacts and put it back.\n- Turn airplane mode on and off.\n"
            "- Try the SIM in another phone.\n- Settings › SIM cards: make sure the SIM is on.",
        ),
        (
            "Nessuna SIM o nessun segnale",
            "- Togli la SIM, pulisci i contatti e rimettila.\n- Attiva e disattiva la modalità aereo.\n"
            "- Prova la SIM in un altro telefono.\n- Impostazioni › Schede SIM: controlla che sia attiva.",
        ),
        (
            "Không nhận SIM hoặc mất sóng",
            "- Tháo SIM, lau chân tiếp xúc rồi lắp lại.\n- Bật rồi tắt chế độ máy bay.\n"
            "- Thử SIM trên máy khác.\n- Cài đặt › Thẻ SIM: kiểm tra SIM đang bật.",
        ),
    ),
    Group(
        "xiaomi-forgot-lock",
        "xiaomi",
        None,
        "software",
        (
            "Forgot the screen lock code or pattern",
            "A shop cannot open a locked phone without erasing it. With your Mi account you can erase it "
            "from i.mi.com (Find device). After erasing, the phone asks for the Mi account password.",
        ),
        (
            "Ho dimenticato il codice o la sequenza di sblocco",
            "Un negozio non può aprire un telefono bloccato senza cancellarlo. Con il tuo Mi account puoi "
            "cancellarlo da i.mi.com (Trova dispositivo). Dopo, il telefono chiede la password del Mi account.",
        ),
        (
            "Quên mật khẩu hoặc hình vẽ mở khoá màn hình",
            "Cửa hàng không thể mở khoá máy mà không xoá dữ liệu. Với tài khoản Mi, bạn có thể xoá máy "
            "từ i.mi.com (Tìm thiết bị). Sau đó máy sẽ hỏi mật khẩu tài khoản Mi.",
        ),
    ),
    Group(
        "joy3-battery-swelling",
        "vsmart",
        "Joy 3",
        "battery",
        (
            "Joy 3: the back cover lifts because the battery swells",
            "On some Joy 3 the battery swells and pushes the back cover or the screen out. Stop using and "
            "charging the phone. The battery is replaced free of charge, also after the warranty.",
        ),
        (
            "Joy 3: la cover posteriore si solleva perché la batteria si gonfia",
            "Su alcuni Joy 3 la batteria si gonfia e spinge fuori la cover o lo schermo. Smetti di usare e "
            "caricare il telefono. La batteria viene sostituita gratis, anche fuori garanzia.",
        ),
        (
            "Joy 3: nắp lưng bị hở do pin phồng",
            "Một số Joy 3 bị phồng pin, đẩy nắp lưng hoặc màn hình bung ra. Ngừng sử dụng và ngừng sạc. "
            "Pin được thay miễn phí, kể cả khi đã hết bảo hành.",
        ),
        (
            "Free battery replacement, also after the warranty",
            "Sostituzione gratuita della batteria, anche fuori garanzia",
            "Thay pin miễn phí, kể cả khi hết bảo hành",
        ),
        date(2021, 1, 1),
    ),
    Group(
        "vsmart-battery-drain",
        "vsmart",
        None,
        "battery",
        (
            "Battery runs out quickly",
            "- Settings › Battery: see which app drains it.\n- Turn on battery saver and dark mode.\n"
            "- Update VOS.\n- A battery older than two years may need replacing.",
        ),
        (
            "La batteria dura poco",
            "- Impostazioni › Batteria: guarda quale app la consuma.\n- Attiva il risparmio energetico e il tema scuro.\n"
            "- Aggiorna VOS.\n- Una batteria con più di due anni può andare sostituita.",
        ),
        (
            "Pin tụt nhanh, mau hết pin",
            "- Cài đặt › Pin: xem ứng dụng nào hao pin.\n- Bật tiết kiệm pin và chế độ tối.\n"
            "- Cập nhật VOS.\n- Pin dùng trên hai năm có thể cần thay.",
        ),
    ),
    Group(
        "vsmart-not-charging",
        "vsmart",
        None,
        "charging",
        (
            "Does not charge, or only with the cable held at an angle",
            "- Clean the charging port gently.\n- Try the original charger.\n"
            "- If it charges only at an angle, the port is worn: it can be replaced.",
        ),
        (
            "Non carica, o solo tenendo il cavo storto",
            "- Pulisci con delicatezza la porta di ricarica.\n- Prova il caricatore originale.\n"
            "- Se carica solo tenendo il cavo storto la porta è consumata: si può sostituire.",
        ),
        (
            "Không sạc được, hoặc phải giữ dây nghiêng mới vào điện",
            "- Vệ sinh nhẹ cổng sạc.\n- Dùng củ sạc chính hãng.\n"
            "- Nếu phải giữ dây nghiêng mới sạc, cổng sạc đã mòn: có thể thay.",
        ),
    ),
    Group(
        "active3-front-camera-black",
        "vsmart",
        "Active 3",
        "camera",
        (
            "Active 3: the pop-up selfie camera shows a black picture",
            "On some Active 3 the pop-up front camera does not come up or shows only black. Update VOS first; "
            "if it still fails, the camera module is replaced free of charge.",
        ),
        (
            "Active 3: la fotocamera frontale a scomparsa mostra nero",
            "Su alcuni Active 3 la fotocamera frontale a scomparsa non esce o mostra solo nero. Aggiorna VOS; "
            "se non basta, il modulo viene sostituito gratis.",
        ),
        (
            "Active 3: camera selfie thò thụt bị đen màn hình",
            "Một số Active 3 có camera trước thò thụt không bật lên hoặc chỉ hiện màu đen. Cập nhật VOS trước; "
            "nếu vẫn lỗi, cụm camera được thay miễn phí.",
        ),
        (
            "Free camera module replacement",
            "Sostituzione gratuita del modulo fotocamera",
            "Thay cụm camera miễn phí",
        ),
        date(2021, 3, 1),
    ),
    Group(
        "live4-earpiece-quiet",
        "vsmart",
        "Live 4",
        "audio",
        (
            "Live 4: the earpiece is very quiet in calls",
            "Some Live 4 have a very quiet earpiece during calls. The VOS update of March 2021 fixes the volume; "
            "if it is still too quiet, the earpiece is replaced free of charge.",
        ),
        (
            "Live 4: la capsula è bassissima durante le chiamate",
            "Alcuni Live 4 hanno la capsula auricolare molto bassa durante le chiamate. L'aggiornamento VOS di marzo 2021 "
            "corregge il volume; se resta bassa, la capsula viene sostituita gratis.",
        ),
        (
            "Live 4: loa thoại nghe rất nhỏ khi gọi",
            "Một số Live 4 có loa thoại rất nhỏ khi gọi điện. Bản cập nhật VOS tháng 3/2021 sửa âm lượng; "
            "nếu vẫn nhỏ, loa thoại được thay miễn phí.",
        ),
        (
            "Software update; free earpiece replacement if needed",
            "Aggiornamento; capsula sostituita gratis se serve",
            "Cập nhật phần mềm; thay loa miễn phí nếu cần",
        ),
        date(2021, 3, 15),
    ),
    Group(
        "vsmart-cracked-screen",
        "vsmart",
        None,
        "physical_damage",
        (
            "Cracked or broken screen after a fall",
            "A screen broken by a fall is not covered by the warranty. Back up your data, put tape over the "
            "cracks so no glass comes off, and book a repair for a quote.",
        ),
        (
            "Schermo rotto o crepato dopo una caduta",
            "Uno schermo rotto da una caduta non è coperto dalla garanzia. Fai il backup, copri le crepe con "
            "del nastro adesivo e prenota una riparazione per un preventivo.",
        ),
        (
            "Màn hình bị vỡ hoặc nứt sau khi rơi",
            "Màn hình vỡ do rơi không được bảo hành. Sao lưu dữ liệu, dán băng keo lên vết nứt "
            "và đặt lịch sửa để được báo giá.",
        ),
    ),
    Group(
        "vsmart-wifi",
        "vsmart",
        None,
        "connectivity",
        (
            "Cannot connect to Wi-Fi or Bluetooth",
            "- Turn Wi-Fi and Bluetooth off and on.\n- Forget the network or the paired device and pair again.\n"
            "- Settings › System › Reset options › Reset Wi-Fi, mobile and Bluetooth.",
        ),
        (
            "Non si collega al Wi-Fi o al Bluetooth",
            "- Spegni e riaccendi Wi-Fi e Bluetooth.\n- Dimentica la rete o il dispositivo associato e riassocialo.\n"
            "- Impostazioni › Sistema › Opzioni di ripristino › Ripristina Wi-Fi, rete mobile e Bluetooth.",
        ),
        (
            "Không kết nối được Wi-Fi hoặc Bluetooth",
            "- Tắt rồi bật lại Wi-Fi và Bluetooth.\n- Quên mạng hoặc thiết bị đã ghép nối rồi ghép lại.\n"
            "- Cài đặt › Hệ thống › Tuỳ chọn đặt lại › Đặt lại Wi-Fi, di động và Bluetooth.",
        ),
    ),
    Group(
        "vsmart-slow",
        "vsmart",
        None,
        "software",
        (
            "The phone is slow, lags or apps close by themselves",
            "- Restart the phone.\n- Free up storage: keep at least 2 GB free.\n- Update VOS and the apps.\n"
            "- Uninstall apps you do not use.",
        ),
        (
            "Il telefono è lento, si blocca o le app si chiudono da sole",
            "- Riavvia il telefono.\n- Libera spazio: lascia almeno 2 GB liberi.\n- Aggiorna VOS e le app.\n"
            "- Disinstalla le app che non usi.",
        ),
        (
            "Máy chạy chậm, giật lag hoặc ứng dụng tự thoát",
            "- Khởi động lại máy.\n- Giải phóng bộ nhớ: để trống ít nhất 2 GB.\n- Cập nhật VOS và ứng dụng.\n"
            "- Gỡ các ứng dụng không dùng.",
        ),
    ),
)


def load_knowledge(
    session: Session, now: datetime, brands: dict[str, Brand], model_ids: dict[str, int]
) -> int:
    """Write and publish every group in its three languages; return how many articles."""
    count = 0
    for group in GROUPS:
        first = None
        for index, lang in enumerate(("en", "it", "vi")):
            title, body = getattr(group, lang)
            fields = ArticleFields(
                title=title,
                body=body,
                language=lang,
                model_id=model_ids[group.model] if group.model else None,
                fault_category=group.fault,
                kind="known_issue" if group.remedy else "article",
                remedy=group.remedy[index] if group.remedy else None,
                since=group.since,
                key=group.key,
            )
            brand = brands[group.brand]
            article = create_article(session, SYSTEM, brand.id, fields, now, translation_of=first)
            first = first or article.id
            move_article(session, SYSTEM, article.id, "submit", now)
            move_article(session, SYSTEM, article.id, "publish", now)
            count += 1
    return count


def demo_docs(model_ids: dict[str, int], brand_ids: dict[str, int]) -> list[Doc]:
    """Return the demo's groups as self-help documents, without a database (the labelled set's)."""
    docs = []
    n = 0
    for group in GROUPS:
        first = n + 1
        for index, lang in enumerate(("en", "it", "vi")):
            n += 1
            title, body = getattr(group, lang)
            remedy = f"\n{group.remedy[index]}" if group.remedy else ""
            docs.append(
                Doc(
                    kind="known_issue" if group.remedy else "article",
                    id=n,
                    brand_id=brand_ids[group.brand],
                    model_id=model_ids[group.model] if group.model else None,
                    fault_category=group.fault,
                    language=lang,
                    title=title,
                    text=plain(body) + remedy,
                    url=f"/help/articles/{n}",
                    group=first,
                    key=group.key,
                )
            )
    return docs


@dataclass(frozen=True)
class Labelled:
    """One owner's problem of the labelled set and the group it should find."""

    language: str
    brand: str
    model: str
    fault_category: str | None
    problem: str
    expected: str


def read_labelled(path: Path) -> list[Labelled]:
    """Read the labelled set (CSV: language, brand, model, fault_category, problem, expected)."""
    with path.open(encoding="utf-8") as f:
        return [
            Labelled(
                r["language"],
                r["brand"],
                r["model"],
                r["fault_category"] or None,
                r["problem"],
                r["expected"],
            )
            for r in csv.DictReader(f)
        ]


def hit_rates(rows: list[Labelled], k: int = 3) -> dict[str, tuple[int, int]]:
    """Return, per language and "all", how many problems found their group in the top k."""
    model_ids = {m.name: i for i, m in enumerate(MODELS, start=1)}
    brand_ids = {slug: i for i, (slug, _name) in enumerate(BRANDS, start=1)}
    docs = demo_docs(model_ids, brand_ids)
    indexes = {b: Index.build([d for d in docs if d.brand_id == b]) for b in brand_ids.values()}
    found: dict[str, list[int]] = {}
    for row in rows:
        hits = indexes[brand_ids[row.brand]].search(
            row.problem,
            model_id=model_ids[row.model],
            fault_category=row.fault_category,
            language=guess_language(row.problem, row.language),
            k=k,
        )
        ok = any(h.doc.key == row.expected for h in hits)
        for key in (row.language, "all"):
            found.setdefault(key, []).append(int(ok))
    return {key: (sum(v), len(v)) for key, v in found.items()}
