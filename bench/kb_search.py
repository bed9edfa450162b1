"""Knowledge-base search speed on a generated corpus (issue: search that keeps up with typing).

Goals, as ratios within one run on 20,000 articles:
- p95 latency per keystroke of `KnowledgeIndex.search(prefix, limit=10)` <= 3x a plain substring
  scan over the normalised titles (rapidfuzz WRatio over every title is printed as a reference
  point; it is about 40x);
- building or loading the index (`KnowledgeIndex.from_directory` with its cache file) <= 2 s.

The corpus is generated deterministically (seeded) into a temporary folder as real article
files (YAML front matter + Markdown), about half Chinese and half English, with titles drawn
from fault, device, qualifier and model-number vocabularies, real product names, fault codes in
their usual written forms, and bodies of 80-200 words or characters; the shipped articles of
kb/articles are copied in too. Each build or load runs in a fresh interpreter, as the app does
it once per process (pinyin of the titles is memoised in-process, so a second build in one
process would flatter the figure); the files are in the page cache after generation. The first
build has no cache file and writes it; the loads after it read it (the goal).

A keystroke is one prefix of a query as typed (query[:1], query[:2], ...); each is timed
`--repeats` times and the median kept. p50 and p95 are over all keystrokes.

    python bench/kb_search.py [--articles 20000] [--seed 1] [--repeats 5] [--quick] [--keep DIR]
"""

import argparse
import json
import math
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from rapidfuzz import fuzz, process

from agent_console.demo.content import PRODUCTS
from agent_console.search import KnowledgeIndex
from agent_console.textforms import normalize

SHIPPED = Path(__file__).resolve().parent.parent / "kb" / "articles"
GOAL_RATIO = 3.0
GOAL_BUILD_S = 2.0
QUICK_ARTICLES = 2000

QUERIES = (
    # Chinese, a homophone typo, and pinyin (full and initials)
    "蓝屏",
    "电脑蓝屏",
    "蓝瓶",
    "笔记本无法开机",
    "打印机卡纸",
    "充电慢",
    "无线网络断开",
    "驱动安装失败",
    "风扇噪音",
    "lanping",
    "lp",
    "kazhi",
    "wufakaiji",
    # English, with and without typos
    "blue screen",
    "blue scren",
    "bluescreen",
    "priner jam",
    "paper jam",
    "wifi disconect",
    "battery not charging",
    "fan noise",
    "overheating",
    # fault codes in the forms agents type them
    "0x7b",
    "7B",
    "0x0000007B",
    "13.A2",
    "FAN0001",
    # models
    "X1 Carbon Gen11",
    "x1 carbon gen 11",
    "LaserJet M404",
    "R750",
    # mixed
    "x1 蓝屏",
    "R750 风扇故障",
    "hp 卡纸",
)

# --- corpus vocabulary ----------------------------------------------------------------------

# (product lines, Chinese, English)
_PC = ("laptop", "desktop")
FAULTS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (_PC, "蓝屏", "blue screen"),
    (_PC, "无法开机", "won't power on"),
    (_PC, "开机黑屏", "black screen at startup"),
    (("laptop",), "充电慢", "slow charging"),
    (("laptop",), "不充电", "battery not charging"),
    (("laptop",), "电池鼓包", "swollen battery"),
    (_PC, "无线网络断开", "Wi-Fi keeps disconnecting"),
    (_PC, "蓝牙连接失败", "Bluetooth pairing fails"),
    (_PC, "驱动安装失败", "driver installation failed"),
    (_PC, "更新失败", "update failed"),
    (_PC, "风扇噪音", "loud fan noise"),
    (_PC, "过热降频", "overheating and throttling"),
    (("laptop",), "屏幕闪烁", "screen flickering"),
    (_PC, "键盘失灵", "keyboard not working"),
    (("laptop",), "触控板无反应", "touchpad not responding"),
    (_PC, "没有声音", "no sound"),
    (_PC, "麦克风无声", "microphone not detected"),
    (("laptop",), "摄像头无法使用", "webcam not working"),
    (_PC, "开机慢", "slow boot"),
    (_PC, "系统卡顿", "system lag"),
    (_PC, "自动重启", "random restarts"),
    (_PC, "死机", "freezes"),
    (_PC, "硬盘异响", "hard drive clicking"),
    (_PC, "固态硬盘无法识别", "SSD not detected"),
    (_PC, "USB接口失灵", "USB port not working"),
    (("laptop",), "扩展坞无法识别", "docking station not recognised"),
    (_PC, "外接显示器无信号", "external monitor no signal"),
    (_PC, "BitLocker恢复密钥", "BitLocker recovery key prompt"),
    (("laptop",), "指纹识别失败", "fingerprint reader fails"),
    (_PC, "休眠无法唤醒", "won't wake from sleep"),
    (_PC, "系统激活失败", "activation failed"),
    (("printer",), "卡纸", "paper jam"),
    (("printer",), "打印机脱机", "printer offline"),
    (("printer",), "打印空白页", "prints blank pages"),
    (("printer",), "打印有竖线", "vertical streaks"),
    (("printer",), "打印乱码", "garbled output"),
    (("printer",), "定影器故障", "fuser error"),
    (("printer",), "硒鼓错误", "toner cartridge error"),
    (("printer",), "废墨垫已满", "ink pad full"),
    (("printer",), "扫描到邮件失败", "scan to email fails"),
    (("printer",), "进纸失败", "paper feed failure"),
    (("printer",), "双面打印失败", "duplex printing fails"),
    (("server",), "风扇故障", "fan failure"),
    (("server",), "电源故障", "power supply failure"),
    (("server",), "内存错误", "memory error"),
    (("server",), "阵列降级", "RAID degraded"),
    (("server",), "管理口无法访问", "BMC unreachable"),
    (("server",), "进风温度过高", "high inlet temperature"),
    (("server",), "硬盘离线", "disk offline"),
    (("monitor",), "坏点", "dead pixels"),
    (("monitor",), "无信号", "no signal"),
    (("monitor",), "色彩偏黄", "yellow tint"),
    (("monitor",), "亮度不均", "uneven backlight"),
    (("monitor",), "屏幕漏光", "backlight bleed"),
)

DEVICES = {
    "laptop": (("笔记本", "笔记本电脑", "电脑"), ("laptop", "notebook")),
    "desktop": (("台式机", "主机", "电脑"), ("desktop", "PC", "workstation")),
    "printer": (("打印机", "一体机", "激光打印机"), ("printer", "MFP", "laser printer")),
    "server": (("服务器", "机架服务器"), ("server", "rack server", "host")),
    "monitor": (("显示器", "屏幕"), ("monitor", "display")),
}
ZH_QUALIFIERS = (
    *[""] * 6,
    *("偶尔", "频繁", "反复", "突然", "开机后", "更新后", "升级后", "插电时", "合盖后"),
    *("休眠后", "使用一段时间后", "间歇性", "每天", "新机", "换件后", "高负载时"),
)
ZH_SUFFIXES = ("", "", "", "故障排查", "处理方法", "解决方案", "怎么办", "的原因", "维修指南")
EN_QUALIFIERS = (
    *[""] * 6,
    *("after update", "intermittently", "on battery", "when docked", "after sleep"),
    *("randomly", "at startup", "after BIOS update", "repeatedly", "under load"),
    *("on new units", "after part replacement", "every morning"),
)
EN_PREFIXES = ("", "", "", "How to fix: ", "Troubleshooting: ", "Resolve ", "Fix ")
GENERAL_TAGS = (
    *("驱动", "driver", "硬件", "hardware", "软件", "software", "网络", "network"),
    *("电源", "power", "固件", "firmware", "BIOS", "上门", "on-site", "远程", "remote"),
)
KNOWN_CODES = {
    "laptop": (
        *("0x0000007B", "0x000000D1", "0x0000003B", "0x00000050", "0x0000009F"),
        *("0x000000EF", "0x00000124", "0x00000133", "0xC000021A", "0x800f0922"),
        *("0x80070002", "0xA00F4244", "Code 10", "Code 43", "0x7B", "0xD1"),
    ),
    "printer": (
        *("13.A2", "13.B2", "50.2", "49.4C02", "10.0000", "59.F0", "E-02", "E-11"),
        *("41.03", "79.00FE"),
    ),
    "server": ("FAN0001", "PSU0003", "MEM0001", "PDR1016", "CPU0000", "TMP0120", "PSU0017"),
    "monitor": (),
}
KNOWN_CODES["desktop"] = KNOWN_CODES["laptop"]

ZH_BODY_WORDS = (
    *("检查", "重启", "更新", "驱动", "固件", "电源适配器", "主板", "内存条", "硬盘", "数据线"),
    *("设备管理器", "安全模式", "系统还原", "客户", "上门", "备件", "更换", "日志", "诊断"),
    *("温度", "风扇", "灰尘", "清洁", "插拔", "接口", "网络", "路由器", "信号", "设置", "版本"),
    *("升级", "回滚", "卸载", "安装", "确认", "测试", "记录", "故障", "现象", "原因", "步骤"),
    *("预防", "电池", "屏幕", "键盘", "转接头", "扩展坞", "散热", "硅脂", "保修", "序列号"),
    *("远程协助", "工单", "备份", "数据", "恢复", "出厂设置", "管理员", "权限", "服务", "进程"),
    *("耗材", "纸张", "纸盒", "定影", "硒鼓", "墨盒", "喷头", "清洗", "打印队列", "端口"),
    *("阵列", "控制器", "电源模块", "冗余", "告警", "机房", "机柜", "负载", "带宽", "延迟"),
    *("亮度", "分辨率", "刷新率", "色温", "背光", "面板", "线材", "供电", "电压", "电流"),
)
COMMON_CJK = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也"
    "能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实"
    "加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样"
    "与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情"
)
EN_BODY_WORDS = (
    *("the", "a", "and", "or", "then", "if", "when", "after", "before", "with", "without"),
    *("check", "restart", "update", "driver", "firmware", "adapter", "motherboard", "memory"),
    *("disk", "cable", "Device Manager", "safe mode", "restore", "customer", "on-site", "part"),
    *("replace", "log", "diagnostics", "temperature", "fan", "dust", "clean", "reseat", "port"),
    *("network", "router", "signal", "settings", "version", "upgrade", "roll back", "uninstall"),
    *("install", "confirm", "test", "record", "symptom", "cause", "step", "prevent", "battery"),
    *("screen", "keyboard", "dongle", "dock", "cooling", "thermal paste", "warranty", "serial"),
    *("remote session", "ticket", "backup", "data", "recover", "factory reset", "admin"),
    *("service", "process", "supplies", "paper", "tray", "fuser", "toner", "ink", "printhead"),
    *("queue", "array", "controller", "PSU", "redundancy", "alert", "rack", "load", "latency"),
    *("brightness", "resolution", "refresh rate", "backlight", "panel", "voltage", "current"),
    *("is", "was", "should", "may", "does", "not", "still", "again", "first", "every", "only"),
)
_SYLLABLES = tuple(
    c + v for c in "bcdfghjklmnprstvwz" for v in ("a", "e", "i", "o", "u", "ai", "ou")
)


# --- corpus ---------------------------------------------------------------------------------


class Corpus:
    """Deterministic article texts; one Random drives every choice."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        rng = self.rng
        self.pseudo_en = [
            "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(3000)
        ]
        self.pseudo_zh = [
            "".join(rng.choice(COMMON_CJK) for _ in range(rng.randint(2, 3))) for _ in range(3000)
        ]
        self.products: dict[str, list[str]] = {}
        for product in PRODUCTS:
            self.products.setdefault(product.product_line, []).append(product.model)

    def model_number(self) -> str:
        rng = self.rng
        letters = rng.choice("XTMEPRLGKSZV") + rng.choice(("", "", "A", "C", "N", "X"))
        suffix = rng.choice(("", "", "s", "i", "dn", "dw", "fdw", " Pro", " Plus", " Gen 2"))
        return f"{letters}{rng.choice(('', '-', ' '))}{rng.randint(10, 9999)}{suffix}"

    def fault_code(self, line: str) -> str | None:
        rng = self.rng
        known = KNOWN_CODES[line]
        if not known or rng.random() < 0.55:
            return None
        if rng.random() < 0.6:
            return rng.choice(known)
        if line in _PC:
            value = rng.randint(1, 0x1FF)
            return f"0x{value:08X}" if rng.random() < 0.7 else f"0x{value:X}"
        if line == "printer":
            return f"{rng.randint(10, 99)}.{rng.choice('ABCDEF')}{rng.randint(0, 9)}"
        prefix = rng.choice(("FAN", "PSU", "MEM", "PDR", "CPU", "TMP", "SEL"))
        return f"{prefix}{rng.randint(0, 9999):04d}"

    def article(self, number: int) -> tuple[str, str]:
        """(relative path, file text) of generated article `number`."""
        rng = self.rng
        lines, fault_zh, fault_en = rng.choice(FAULTS)
        line = rng.choice(lines)
        lang = "zh" if rng.random() < 0.5 else "en"
        products = rng.sample(self.products[line], k=min(len(self.products[line]), 2))
        products = products[: rng.randint(1, 2)]
        code = self.fault_code(line)
        zh_devices, en_devices = DEVICES[line]
        device_zh, device_en = rng.choice(zh_devices), rng.choice(en_devices)
        model = self._title_model(products[0])
        if lang == "zh":
            title = self._title_zh(model, device_zh, fault_zh, code)
        else:
            title = self._title_en(model, device_en, fault_en, code)
        tags = [fault_zh, fault_en, device_zh, device_en]
        tags += rng.sample(GENERAL_TAGS, k=rng.randint(0, 3))
        rng.shuffle(tags)
        if code:
            tags.append(code)
        body = self._body(
            lang,
            device_zh if lang == "zh" else device_en,
            fault_zh if lang == "zh" else fault_en,
            code,
        )
        front = [
            "---",
            f"id: gen-{number:05d}-{lang}",
            f"title: {_quoted(title)}",
            f"lang: {lang}",
            f"tags: {_flow(tags)}",
            f"products: {_flow(products)}",
            f"fault_codes: {_flow([code] if code else [])}",
            "---",
            "",
        ]
        return f"{line}/gen-{number:05d}.{lang}.md", "\n".join(front) + body

    def _title_model(self, product: str) -> str:
        draw = self.rng.random()
        if draw < 0.3:
            return product
        if draw < 0.8:
            return self.model_number()
        return ""

    def _title_zh(self, model: str, device: str, fault: str, code: str | None) -> str:
        rng = self.rng
        title = f"{model} {device}{rng.choice(ZH_QUALIFIERS)}{fault}{rng.choice(ZH_SUFFIXES)}"
        return (title + (f"（{code}）" if code else "")).strip()

    def _title_en(self, model: str, device: str, fault: str, code: str | None) -> str:
        rng = self.rng
        title = f"{rng.choice(EN_PREFIXES)}{device} {fault} {rng.choice(EN_QUALIFIERS)}"
        title = " ".join(title.split())
        if model:
            title += f" on {model}"
        if code:
            title += f" ({code})"
        return title[0].upper() + title[1:]

    def _body(self, lang: str, device: str, fault: str, code: str | None) -> str:
        rng = self.rng
        size = rng.randint(80, 200)
        shown = f"，代码 {code}" if lang == "zh" else f" ({code})"
        first = f"{device}{fault}" if lang == "zh" else f"The {device} reports {fault}"
        first += (shown if code else "") + ("。" if lang == "zh" else ".")
        parts = [self._prose(lang, part) for part in _split(size, 3, rng)]
        if lang == "zh":
            return (
                f"## 现象\n{first}{parts[0]}\n\n## 可能原因\n{parts[1]}\n\n"
                f"## 处理步骤\n1. {parts[2]}\n"
            )
        return (
            f"## Symptoms\n{first} {parts[0]}\n\n## Likely causes\n{parts[1]}\n\n"
            f"## Steps\n1. {parts[2]}\n"
        )

    def _prose(self, lang: str, size: int) -> str:
        """About `size` characters (Chinese) or words (English) of plausible filler."""
        rng = self.rng
        pieces: list[str] = []
        length = 0
        while length < size:
            if rng.random() < 0.12:
                word = rng.choice(self.pseudo_zh if lang == "zh" else self.pseudo_en)
            else:
                word = rng.choice(ZH_BODY_WORDS if lang == "zh" else EN_BODY_WORDS)
            pieces.append(word)
            length += len(word) if lang == "zh" else len(word.split())
            if rng.random() < 0.15:
                pieces.append("，" if lang == "zh" else ",")
        if lang == "zh":
            return "".join(pieces).strip("，") + "。"
        text = " ".join(pieces).replace(" ,", ",").strip(",")
        return text[0].upper() + text[1:] + "."


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    cuts = sorted(rng.sample(range(1, total), parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def _flow(values: Sequence[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)  # and a JSON list a YAML flow sequence


def write_corpus(folder: Path, articles: int, seed: int) -> int:
    """Generate `articles` files plus the shipped ones; return the number of files."""
    corpus = Corpus(seed)
    for number in range(articles):
        relative, text = corpus.article(number)
        path = folder / "articles" / "generated" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    shutil.copytree(SHIPPED, folder / "articles" / "shipped")
    return articles + sum(1 for _ in (folder / "articles" / "shipped").rglob("*.md"))


# --- measures -------------------------------------------------------------------------------

_BUILD = """
import json, sys, time
from pathlib import Path
from agent_console.search import KnowledgeIndex
started = time.perf_counter()
index = KnowledgeIndex.from_directory(Path(sys.argv[1]), cache=Path(sys.argv[2]))
print(json.dumps({"seconds": time.perf_counter() - started,
                  "articles": len(index.articles), "problems": len(index.problems)}))
"""


def build_times(folder: Path, runs: int) -> tuple[dict, list[dict]]:
    """`from_directory` timed in a fresh interpreter per run: once with no cache file (read,
    parse, index, save the cache), then `runs` times loading that cache."""
    cache = folder / "index.cache"

    def run() -> dict:
        output = subprocess.run(
            [sys.executable, "-c", _BUILD, str(folder / "articles"), str(cache)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return json.loads(output)

    built = run()
    return built, [run() for _ in range(runs)]


def keystrokes(queries: Sequence[str]) -> list[str]:
    return [query[:end] for query in queries for end in range(1, len(query) + 1)]


def time_keystrokes(
    work: Callable[[str], object], typed: Sequence[str], repeats: int
) -> list[float]:
    """Median milliseconds of `work(prefix)` for each keystroke."""
    medians = []
    for prefix in typed:
        samples = []
        for _ in range(repeats):
            started = time.perf_counter()
            work(prefix)
            samples.append((time.perf_counter() - started) * 1000)
        medians.append(statistics.median(samples))
    return medians


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000, help="generated articles")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=5, help="timings per keystroke")
    parser.add_argument("--build-runs", type=int, default=3, help="cache loads, best reported")
    parser.add_argument(
        "--wratio-every",
        type=int,
        default=1,
        help="time WRatio on every n-th keystroke only (it is slow)",
    )
    parser.add_argument("--slowest", type=int, default=5, help="slowest keystrokes to list")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_ARTICLES} articles")
    parser.add_argument("--keep", type=Path, help="copy the generated corpus to this folder")
    args = parser.parse_args()
    articles = QUICK_ARTICLES if args.quick else args.articles

    with tempfile.TemporaryDirectory(prefix="bench-kb-") as work:
        folder = Path(work)
        started = time.perf_counter()
        files = write_corpus(folder, articles, args.seed)
        generated_s = time.perf_counter() - started
        built, loads = build_times(folder, args.build_runs)
        index = KnowledgeIndex.from_directory(folder / "articles")
        if args.keep:
            shutil.copytree(folder, args.keep, dirs_exist_ok=True)

    latencies = keystroke_latencies(index, args.repeats, args.wratio_every)
    print(
        f"corpus: {files:,} files ({articles:,} generated, seed {args.seed}) written in "
        f"{generated_s:.1f} s"
    )
    report(built, loads, latencies, args.repeats, args.slowest)


def keystroke_latencies(
    index: KnowledgeIndex, repeats: int, wratio_every: int
) -> dict[str, tuple[list[str], list[float]]]:
    """Per measure: the keystrokes timed and their milliseconds."""
    typed = keystrokes(QUERIES)
    titles = [normalize(article.title) for article in index.articles]
    raw_titles = [article.title for article in index.articles]

    def substring_scan(prefix: str) -> list[int]:
        part = normalize(prefix)  # once per keystroke, as any real scan would
        return [i for i, title in enumerate(titles) if part in title]

    def wratio(prefix: str) -> list:
        return process.extract(prefix, raw_titles, scorer=fuzz.WRatio, limit=10)

    def search(prefix: str) -> list:
        return index.search(prefix, limit=10)

    wratio_typed = typed[::wratio_every]
    return {
        "search": (typed, time_keystrokes(search, typed, repeats)),
        "substring scan (baseline)": (typed, time_keystrokes(substring_scan, typed, repeats)),
        "WRatio (reference)": (wratio_typed, time_keystrokes(wratio, wratio_typed, 1)),
    }


def report(
    built: dict,
    loads: list[dict],
    latencies: dict[str, tuple[list[str], list[float]]],
    repeats: int,
    slowest: int,
) -> None:
    load_s = min(load["seconds"] for load in loads)
    all_loads = ", ".join(f"{load['seconds']:.2f}" for load in loads)
    print(f"indexed: {built['articles']:,} articles, {built['problems']} problems")
    print(f"first build, no cache (fresh process): {built['seconds']:.2f} s")
    print(
        f"load from the cache (fresh process, best of {len(loads)}): {load_s:.2f} s "
        f"(runs: {all_loads} s)"
    )
    typed, search_ms = latencies["search"]
    wratio_typed, wratio_ms = latencies["WRatio (reference)"]
    print(
        f"keystrokes: {len(typed)} from {len(QUERIES)} queries, median of {repeats} "
        f"each (WRatio: {len(wratio_typed)} keystrokes, 1 run each)\n"
    )
    base_p95 = percentile(latencies["substring scan (baseline)"][1], 95)
    print("| measure | p50 | p95 | max | p95 / baseline p95 |")
    print("|---|---:|---:|---:|---:|")
    for name, (_, values) in latencies.items():
        p95 = percentile(values, 95)
        print(
            f"| {name} | {percentile(values, 50):.2f} ms | {p95:.2f} ms | {max(values):.2f} ms "
            f"| {p95 / base_p95:.1f}x |"
        )
    search_ratio = percentile(search_ms, 95) / base_p95
    print(
        f"\nsearch p95 / baseline p95: {search_ratio:.2f}x (goal <= {GOAL_RATIO:g}x): "
        f"{'goal met' if search_ratio <= GOAL_RATIO else 'goal missed'}"
    )
    print(f"WRatio p95 / baseline p95: {percentile(wratio_ms, 95) / base_p95:.1f}x (reference)")
    print(
        f"load: {load_s:.2f} s (goal <= {GOAL_BUILD_S:g} s): "
        f"{'goal met' if load_s <= GOAL_BUILD_S else 'goal missed'}"
    )
    print(f"\nslowest search keystrokes (of {len(typed)}):")
    for ms, prefix in sorted(zip(search_ms, typed, strict=True), reverse=True)[:slowest]:
        print(f"  {ms:8.2f} ms  {prefix!r}")


if __name__ == "__main__":
    main()
