"""Content pools for the deterministic demo-data generator.

Pure data, no logic: products, fault scenarios, teams, names, organizations, regions and the
free-text snippets (progress notes, call summaries) that tickets are assembled from. All people
and organizations are fictional; hardware model names are real products so the demo reads like
an actual after-sales desk.

Strings avoid East-Asian-ambiguous glyphs (curly quotes, ellipsis, circled digits, box-drawing
characters, degree signs, middle dots) so that column widths in the terminal stay predictable.
Chinese text uses full-width punctuation and 「」 for quotes.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Product:
    model: str  # e.g. "ThinkPad X1 Carbon Gen 11"
    product_line: str  # one of: "laptop", "desktop", "printer", "server", "monitor"
    serial_prefix: str  # 2-4 uppercase letters/digits, unique per product
    warranty_years: int  # device warranty (1..3)
    core_warranty_years: int  # core-parts warranty (>= warranty_years)


@dataclass(frozen=True)
class Fault:
    key: str  # short stable id
    product_lines: tuple[str, ...]  # which product lines it applies to
    category: str  # one of: "hardware", "software", "consultation", "complaint"
    impact: str  # one of: "individual", "multiple", "production_stopped", "safety_hazard"
    fault_code: str | None  # code shown by the device, if any
    subject_zh: str  # ticket subject, <= 20 Chinese characters
    subject_en: str  # ticket subject, <= 48 characters
    description_zh: str  # what the customer reports, as an agent would type it
    description_en: str
    cause_zh: str  # root cause found
    cause_en: str
    fix_zh: str  # what fixed it
    fix_en: str


@dataclass(frozen=True)
class TeamSpec:
    code: str  # stable code
    name: str  # display name in Chinese
    skills: tuple[str, ...]


# --- products ---------------------------------------------------------------------------------

_ALL_LINES = ("laptop", "desktop", "printer", "server", "monitor")
_PCS = ("laptop", "desktop")

PRODUCTS: tuple[Product, ...] = (
    # laptops
    Product("ThinkPad X1 Carbon Gen 11", "laptop", "PF4X", 3, 3),
    Product("ThinkPad T14 Gen 4", "laptop", "PW1T", 3, 3),
    Product("Dell Latitude 7440", "laptop", "DL74", 3, 3),
    Product("Dell XPS 13 9340", "laptop", "DX13", 1, 2),
    Product("HP EliteBook 840 G10", "laptop", "5CG", 3, 3),
    Product("Huawei MateBook X Pro 2024", "laptop", "HWMX", 1, 2),
    Product("Lenovo Xiaoxin Pro 14 2023", "laptop", "LXP4", 2, 2),
    Product("Lenovo ThinkBook 14 G6", "laptop", "MP2B", 2, 3),
    # desktops
    Product("ThinkCentre M90t Gen 4", "desktop", "S1TC", 3, 3),
    Product("Dell OptiPlex 7010 Tower", "desktop", "DO70", 3, 3),
    Product("HP ProDesk 400 G9 SFF", "desktop", "4CE", 1, 3),
    Product("Lenovo Qitian M430", "desktop", "QTM4", 3, 3),
    Product("Huawei MateStation S", "desktop", "HWMS", 1, 2),
    # printers
    Product("HP LaserJet Pro M404dn", "printer", "PHBB", 1, 2),
    Product("HP Color LaserJet Pro MFP M479fdw", "printer", "CNRK", 1, 2),
    Product("Brother HL-L2350DW", "printer", "E7BR", 1, 2),
    Product("Canon imageCLASS MF445dw", "printer", "CIMF", 1, 2),
    Product("Epson EcoTank L3258", "printer", "X8EP", 1, 2),
    # servers
    Product("Dell PowerEdge R750", "server", "PER7", 3, 3),
    Product("Lenovo ThinkSystem SR650 V2", "server", "J30S", 3, 3),
    Product("HPE ProLiant DL380 Gen10 Plus", "server", "CZJ", 3, 3),
    Product("Inspur NF5280M6", "server", "INF5", 3, 3),
    # monitors
    Product("Dell P2422H", "monitor", "CN0D", 3, 3),
    Product("Lenovo ThinkVision T27i-30", "monitor", "V5TV", 3, 3),
)


# --- faults -----------------------------------------------------------------------------------

FAULTS: tuple[Fault, ...] = (
    # ---- laptops and desktops: software -------------------------------------------------------
    Fault(
        key="bsod",
        product_lines=_PCS,
        category="software",
        impact="individual",
        fault_code="0x0000007B",
        subject_zh="开机蓝屏，代码0x0000007B",
        subject_en="Blue screen on boot, 0x0000007B",
        description_zh="客户反映开机后蓝屏，错误代码0x0000007B，重启多次无效。前一天刚升级过BIOS。",
        description_en="Customer reports a blue screen right after power-on with stop code "
        "0x0000007B. Restarting several times did not help. BIOS was updated the day before.",
        cause_zh="BIOS升级后硬盘控制器模式由AHCI被重置为RAID/VMD，系统缺少对应存储驱动，"
        "无法识别启动盘。",
        cause_en="The BIOS update reset the storage controller from AHCI to RAID/VMD mode, and "
        "Windows has no driver for it, so the boot disk is inaccessible.",
        fix_zh="指导客户进入BIOS将存储模式改回AHCI，保存后重启，系统正常进入桌面。",
        fix_en="Walked the customer through setting the storage mode back to AHCI in BIOS; "
        "after saving and rebooting, Windows started normally.",
    ),
    Fault(
        key="bsod-irql",
        product_lines=_PCS,
        category="software",
        impact="individual",
        fault_code="0x000000D1",
        subject_zh="使用中频繁蓝屏0x000000D1",
        subject_en="Frequent blue screens, 0x000000D1",
        description_zh="客户来电称电脑使用过程中不定时蓝屏，错误代码0x000000D1，"
        "多发生在连接公司网络或VPN时。",
        description_en="Customer says the computer blue-screens at random with code "
        "0x000000D1, mostly while on the office network or VPN.",
        cause_zh="网卡驱动版本过旧，与VPN客户端的过滤驱动冲突，转储文件指向网卡驱动模块。",
        cause_en="An outdated network adapter driver conflicts with the VPN client's filter "
        "driver; the memory dump points to the NIC driver module.",
        fix_zh="远程卸载旧版网卡驱动，安装官网最新版本，并升级VPN客户端，观察两天未再蓝屏。",
        fix_en="Remotely removed the old NIC driver, installed the latest one from the support "
        "site and updated the VPN client. No further crashes over two days.",
    ),
    Fault(
        key="driver-install-fail",
        product_lines=("laptop", "desktop", "printer"),
        category="software",
        impact="individual",
        fault_code="Code 10",
        subject_zh="驱动安装失败，设备无法启动",
        subject_en="Driver install fails, device cannot start",
        description_zh="客户反映安装驱动时提示失败，设备管理器中显示黄色感叹号，"
        "提示「该设备无法启动（代码10）」。",
        description_en="Customer reports the driver installer fails and Device Manager shows a "
        'yellow warning: "This device cannot start. (Code 10)".',
        cause_zh="客户从第三方驱动网站下载了不匹配的驱动版本，残留文件导致正确驱动无法加载。",
        cause_en="A mismatched driver from a third-party download site left files behind that "
        "prevented the correct driver from loading.",
        fix_zh="远程清理旧驱动及驱动存储中的残留包，从官网下载对应型号驱动重新安装，设备恢复正常。",
        fix_en="Removed the old driver and its leftover packages from the driver store, then "
        "installed the correct driver from the official site. Device works again.",
    ),
    Fault(
        key="update-failed",
        product_lines=_PCS,
        category="software",
        impact="individual",
        fault_code="0x800f0922",
        subject_zh="系统更新失败，反复回滚",
        subject_en="Windows update fails and rolls back",
        description_zh="客户称Windows更新安装到一半失败，重启后提示「无法完成更新，正在撤销更改」，"
        "错误代码0x800f0922。",
        description_en="Customer says a Windows update fails halfway; after restart it shows "
        '"We couldn\'t complete the updates. Undoing changes", error 0x800f0922.',
        cause_zh="系统保留分区空间不足，更新组件无法写入。",
        cause_en="The system reserved partition is nearly full, so the update cannot be staged.",
        fix_zh="远程清理系统保留分区中的旧字体和日志文件，重置更新组件后重新安装更新，安装成功。",
        fix_en="Cleared old fonts and logs from the reserved partition, reset the Windows Update "
        "components and reinstalled the update successfully.",
    ),
    Fault(
        key="wifi-drop",
        product_lines=("laptop",),
        category="software",
        impact="individual",
        fault_code=None,
        subject_zh="无线网络频繁断开",
        subject_en="Wi-Fi keeps disconnecting",
        description_zh="客户反映笔记本无线网络每隔十几分钟断开一次，需要手动重连，"
        "手机在同一网络下正常。",
        description_en="Customer reports the laptop drops Wi-Fi every 10-15 minutes and has to "
        "reconnect manually; phones on the same network are fine.",
        cause_zh="无线网卡电源管理允许系统关闭设备以节省电源，且驱动版本较旧。",
        cause_en="Power management was allowed to turn off the wireless adapter, and the Wi-Fi "
        "driver was outdated.",
        fix_zh="取消无线网卡的节能选项，更新无线网卡驱动至最新版本，客户观察一天未再断线。",
        fix_en="Disabled power saving on the wireless adapter and updated its driver. Customer "
        "confirmed no drops over a full day.",
    ),
    Fault(
        key="bitlocker-recovery",
        product_lines=("laptop",),
        category="software",
        impact="individual",
        fault_code=None,
        subject_zh="开机要求输入BitLocker恢复密钥",
        subject_en="BitLocker recovery key prompt at boot",
        description_zh="客户来电称开机出现蓝色界面要求输入BitLocker恢复密钥，"
        "不知道密钥，电脑无法进入系统。",
        description_en="Customer says the laptop shows a BitLocker recovery screen at boot and "
        "they do not know the key, so they cannot get into Windows.",
        cause_zh="固件更新后TPM度量值变化，触发BitLocker恢复模式。",
        cause_en="A firmware update changed the TPM measurements, which triggered BitLocker "
        "recovery mode.",
        fix_zh="协助客户联系其公司IT从域账户中查询恢复密钥，输入后进入系统并暂停再恢复保护。",
        fix_en="Helped the customer get the recovery key from their company IT (stored in the "
        "domain), unlocked the drive, then suspended and resumed protection.",
    ),
    Fault(
        key="touchpad-dead",
        product_lines=("laptop",),
        category="software",
        impact="individual",
        fault_code=None,
        subject_zh="触控板无反应",
        subject_en="Touchpad not responding",
        description_zh="客户反映笔记本触控板突然没有反应，外接鼠标正常。",
        description_en="Customer reports the touchpad suddenly stopped working; an external "
        "mouse works fine.",
        cause_zh="客户误按了触控板禁用快捷键，设置中触控板处于关闭状态。",
        cause_en="The customer had pressed the touchpad toggle hotkey, so the touchpad was "
        "switched off in Settings.",
        fix_zh="指导客户在设置中重新开启触控板，功能恢复。",
        fix_en="Guided the customer to turn the touchpad back on in Settings; it works again.",
    ),
    Fault(
        key="camera-missing",
        product_lines=("laptop",),
        category="software",
        impact="individual",
        fault_code=None,
        subject_zh="摄像头无法使用，视频会议黑屏",
        subject_en="Webcam not working in video calls",
        description_zh="客户称开视频会议时摄像头画面全黑，会议软件提示找不到摄像头。",
        description_en="Customer says the camera shows a black image in video meetings and the "
        "meeting app reports no camera found.",
        cause_zh="摄像头物理隐私挡板处于关闭状态，同时系统隐私设置禁止应用访问摄像头。",
        cause_en="The physical privacy shutter was closed and Windows privacy settings blocked "
        "apps from using the camera.",
        fix_zh="指导客户打开隐私挡板并在隐私设置中允许应用访问摄像头，测试正常。",
        fix_en="Had the customer open the privacy shutter and allow camera access in privacy "
        "settings. Test call works.",
    ),
    Fault(
        key="no-sound",
        product_lines=_PCS,
        category="software",
        impact="individual",
        fault_code=None,
        subject_zh="电脑没有声音",
        subject_en="No sound from speakers",
        description_zh="客户反映电脑扬声器和耳机都没有声音，音量图标显示未安装音频输出设备。",
        description_en="Customer reports no sound from speakers or headphones; the volume icon "
        "says no audio output device is installed.",
        cause_zh="系统更新后音频驱动被替换为通用驱动，声卡未能正常识别。",
        cause_en="A system update replaced the audio driver with a generic one and the sound "
        "device was no longer recognised.",
        fix_zh="远程安装官网对应型号的音频驱动并重启，声音恢复。",
        fix_en="Installed the model-specific audio driver from the support site and restarted. "
        "Sound is back.",
    ),
    Fault(
        key="slow-performance",
        product_lines=_PCS,
        category="software",
        impact="individual",
        fault_code=None,
        subject_zh="电脑运行缓慢，开机很久",
        subject_en="Computer very slow, long boot time",
        description_zh="客户称电脑开机需要三四分钟，打开办公软件也很卡，已经持续一周左右。",
        description_en="Customer says the computer takes three to four minutes to boot and "
        "office apps are sluggish; this has been going on for about a week.",
        cause_zh="C盘剩余空间不足2GB，开机自启动程序过多，另有第三方优化软件占用大量资源。",
        cause_en="Less than 2 GB free on drive C, too many startup programs, and a third-party "
        '"optimizer" consuming resources.',
        fix_zh="远程清理磁盘并迁移大文件，禁用不必要的启动项，卸载第三方优化软件，"
        "开机时间恢复到一分钟内。",
        fix_en="Cleaned up the disk and moved large files, disabled unneeded startup items and "
        "removed the optimizer. Boot time is now under a minute.",
    ),
    Fault(
        key="dock-no-display",
        product_lines=("laptop", "monitor"),
        category="software",
        impact="individual",
        fault_code=None,
        subject_zh="扩展坞连接后外接显示器不亮",
        subject_en="External monitor blank via docking station",
        description_zh="客户反映笔记本通过扩展坞连接显示器后，显示器无信号，直接连接笔记本则正常。",
        description_en="Customer reports the monitor shows no signal when connected through the "
        "dock, but works when plugged directly into the laptop.",
        cause_zh="扩展坞固件版本过旧，与新版显卡驱动不兼容。",
        cause_en="The dock firmware was outdated and incompatible with the current graphics "
        "driver.",
        fix_zh="远程升级扩展坞固件及显卡驱动，重新插拔后显示器正常显示。",
        fix_en="Updated the dock firmware and the graphics driver remotely; after replugging, "
        "the monitor displays normally.",
    ),
    # ---- laptops and desktops: hardware -------------------------------------------------------
    Fault(
        key="no-power",
        product_lines=_PCS,
        category="hardware",
        impact="individual",
        fault_code=None,
        subject_zh="按电源键无反应，无法开机",
        subject_en="Will not power on",
        description_zh="客户来电称按电源键没有任何反应，电源指示灯不亮，更换插座后仍然无法开机。",
        description_en="Customer says nothing happens when pressing the power button, no lights "
        "at all, and trying another outlet did not help.",
        cause_zh="主板供电电路故障，电源适配器检测正常。",
        cause_en="Power circuitry on the mainboard failed; the power adapter tested fine.",
        fix_zh="上门更换主板，开机测试各项功能正常，已提醒客户备份数据。",
        fix_en="Replaced the mainboard on site. All functions tested OK; customer reminded to "
        "back up data.",
    ),
    Fault(
        key="slow-charge-dusty-port",
        product_lines=("laptop",),
        category="hardware",
        impact="individual",
        fault_code=None,
        subject_zh="充电很慢，插头接触不良",
        subject_en="Very slow charging, loose charger plug",
        description_zh="客户反映笔记本充电速度很慢，系统提示「慢速充电器」，"
        "Type-C插头插上后有些松动。",
        description_en='Customer reports very slow charging and a "slow charger" warning; the '
        "USB-C plug feels loose in the port.",
        cause_zh="Type-C充电口内积有灰尘和纤维，插头接触不良，无法协商快充功率。",
        cause_en="Dust and lint packed inside the USB-C port caused poor contact, so the "
        "charger could not negotiate full power.",
        fix_zh="清理充电接口内的灰尘异物后重新连接，充电功率恢复正常，建议客户定期清洁接口。",
        fix_en="Cleaned the dust and lint out of the port. Charging power is back to normal; "
        "advised the customer to keep the port clean.",
    ),
    Fault(
        key="battery-not-charging",
        product_lines=("laptop",),
        category="hardware",
        impact="individual",
        fault_code=None,
        subject_zh="电池无法充电",
        subject_en="Battery not charging",
        description_zh="客户反映电脑插着电源显示「已接通电源，未充电」，电量一直停留在较低水平，"
        "拔掉电源很快关机。",
        description_en='Customer reports "plugged in, not charging"; the battery level stays low '
        "and the laptop shuts down soon after unplugging.",
        cause_zh="电池老化严重，诊断显示电池健康度不足40%，已达到更换标准。",
        cause_en="The battery is badly worn; diagnostics show under 40% health, which meets the "
        "replacement criteria.",
        fix_zh="在保修期内免费更换电池，充放电测试正常。",
        fix_en="Replaced the battery under warranty. Charge and discharge tests pass.",
    ),
    Fault(
        key="overheating",
        product_lines=_PCS,
        category="hardware",
        impact="individual",
        fault_code=None,
        subject_zh="机器发烫，风扇噪音大",
        subject_en="Overheating and loud fan noise",
        description_zh="客户称电脑使用时风扇一直高速转动，噪音很大，机身明显发烫，"
        "运行大型软件时会自动降频卡顿。",
        description_en="Customer says the fan runs at full speed and is very loud, the chassis "
        "gets hot, and heavy applications slow down from throttling.",
        cause_zh="散热模组积灰严重，CPU导热硅脂干涸。",
        cause_en="The heatsink and fan were clogged with dust and the CPU thermal paste had "
        "dried out.",
        fix_zh="拆机清理散热模组灰尘，重新涂抹导热硅脂，满载测试温度下降明显，风扇噪音恢复正常。",
        fix_en="Cleaned the cooling assembly and reapplied thermal paste. Load-test temperatures "
        "dropped clearly and fan noise is normal.",
    ),
    Fault(
        key="screen-flicker",
        product_lines=("laptop",),
        category="hardware",
        impact="individual",
        fault_code=None,
        subject_zh="屏幕闪烁，开合屏幕时更明显",
        subject_en="Screen flickers, worse when moving lid",
        description_zh="客户反映笔记本屏幕间歇性闪烁，调整屏幕角度时闪烁加重，外接显示器正常。",
        description_en="Customer reports the laptop screen flickers on and off and gets worse "
        "when the lid angle changes; an external monitor is fine.",
        cause_zh="屏线在转轴处磨损，接触不良。",
        cause_en="The display cable was worn where it passes through the hinge.",
        fix_zh="更换屏线，反复开合测试无闪烁。",
        fix_en="Replaced the display cable; repeated lid open/close tests show no flicker.",
    ),
    Fault(
        key="keyboard-keys",
        product_lines=("laptop",),
        category="hardware",
        impact="individual",
        fault_code=None,
        subject_zh="键盘部分按键失灵",
        subject_en="Some keyboard keys not working",
        description_zh="客户称键盘上的字母键和回车键按下没有反应，其他按键正常，"
        "前几天键盘上洒过咖啡。",
        description_en="Customer says several letter keys and Enter do nothing while other keys "
        "work; coffee was spilled on the keyboard a few days ago.",
        cause_zh="键盘进液导致内部线路腐蚀。",
        cause_en="Liquid got into the keyboard and corroded its circuit.",
        fix_zh="更换键盘（C壳组件），因属进液损坏，按保外收费处理，客户已确认报价。",
        fix_en="Replaced the keyboard (C-cover assembly). Liquid damage is not covered, so it "
        "was billed out of warranty after the customer approved the quote.",
    ),
    Fault(
        key="hinge-broken",
        product_lines=("laptop",),
        category="hardware",
        impact="individual",
        fault_code=None,
        subject_zh="屏幕转轴断裂",
        subject_en="Screen hinge broken",
        description_zh="客户反映笔记本左侧转轴开合时有异响，现在屏幕外壳已裂开，屏幕无法固定角度。",
        description_en="Customer reports the left hinge creaked for a while and now the lid "
        "casing has cracked, so the screen will not hold its angle.",
        cause_zh="转轴阻尼过大导致固定螺柱脱落，A壳开裂。",
        cause_en="A stiff hinge pulled out its mounting posts and cracked the lid (A-cover).",
        fix_zh="更换转轴及A壳，开合测试正常。",
        fix_en="Replaced the hinge and the lid cover; opening and closing work normally.",
    ),
    Fault(
        key="no-boot-device",
        product_lines=_PCS,
        category="hardware",
        impact="individual",
        fault_code=None,
        subject_zh="提示找不到启动设备",
        subject_en='"No bootable device" at startup',
        description_zh="客户称开机显示「No bootable device」，无法进入系统，BIOS中看不到硬盘。",
        description_en='Customer says the screen shows "No bootable device" and the disk is not '
        "listed in BIOS.",
        cause_zh="固态硬盘损坏，诊断工具无法识别。",
        cause_en="The SSD failed and is not detected by diagnostics.",
        fix_zh="更换固态硬盘并重新安装系统，数据无法恢复，已告知客户。",
        fix_en="Replaced the SSD and reinstalled the OS. Data could not be recovered; the "
        "customer was informed.",
    ),
    Fault(
        key="swollen-battery",
        product_lines=("laptop",),
        category="hardware",
        impact="safety_hazard",
        fault_code=None,
        subject_zh="电池鼓包，外壳被顶起",
        subject_en="Swollen battery lifting the case",
        description_zh="客户反映笔记本底部鼓起，触控板被顶起无法按下，放在桌面上会晃动。"
        "已告知客户立即停止使用并断电。",
        description_en="Customer reports the bottom of the laptop is bulging and the touchpad is "
        "pushed up. Told the customer to stop using it and unplug it immediately.",
        cause_zh="锂电池鼓包，属电池安全隐患。",
        cause_en="The lithium battery has swollen, which is a safety hazard.",
        fix_zh="工程师上门取回设备，更换电池并检查底壳和触控板，旧电池按危险品流程回收。",
        fix_en="Engineer collected the unit, replaced the battery and checked the base and "
        "touchpad. The old battery went through hazardous-waste recycling.",
    ),
    Fault(
        key="burning-smell",
        product_lines=("desktop", "monitor"),
        category="hardware",
        impact="safety_hazard",
        fault_code=None,
        subject_zh="设备有烧焦味并自动断电",
        subject_en="Burning smell, device shut off",
        description_zh="客户来电称设备后部冒出烧焦味，随后自动断电，已提醒客户拔掉电源不要再开机。",
        description_en="Customer says there was a burning smell from the back of the unit and "
        "it then shut off. Advised them to unplug it and not power it on again.",
        cause_zh="电源模块电容击穿烧毁。",
        cause_en="A capacitor in the power supply unit failed and burned.",
        fix_zh="上门更换电源模块，检查主板无损伤，通电测试正常，并建议客户检查插座接线。",
        fix_en="Replaced the power supply on site, checked the mainboard for damage and tested "
        "OK. Suggested the customer have the outlet wiring checked.",
    ),
    Fault(
        key="memory-beep",
        product_lines=("desktop",),
        category="hardware",
        impact="individual",
        fault_code="2-3",
        subject_zh="开机报警不显示，指示灯闪烁",
        subject_en="No display at boot, LED blink code",
        description_zh="客户反映主机开机后显示器无画面，电源灯橙色闪烁两次后白色闪烁三次。",
        description_en="Customer reports no picture after power-on; the power LED blinks amber "
        "twice and then white three times.",
        cause_zh="内存条松动，金手指氧化。",
        cause_en="A memory module was loose and its contacts were oxidised.",
        fix_zh="重新插拔内存并清洁金手指，开机自检通过。",
        fix_en="Reseated the memory and cleaned the contacts. POST now passes.",
    ),
    Fault(
        key="usb-ports-dead",
        product_lines=("desktop",),
        category="hardware",
        impact="individual",
        fault_code=None,
        subject_zh="前置USB接口无法使用",
        subject_en="Front USB ports not working",
        description_zh="客户称主机前面板的USB接口插U盘和鼠标都没反应，后面的接口正常。",
        description_en="Customer says the front-panel USB ports do not detect a flash drive or "
        "mouse, while the rear ports work.",
        cause_zh="前置面板USB连接线从主板插针上脱落。",
        cause_en="The front-panel USB cable had come off its mainboard header.",
        fix_zh="上门重新连接前置USB线并固定，测试正常。",
        fix_en="Reconnected and secured the front USB cable on site; tested OK.",
    ),
    Fault(
        key="cmos-reset",
        product_lines=("desktop",),
        category="hardware",
        impact="individual",
        fault_code=None,
        subject_zh="每次开机时间恢复出厂",
        subject_en="Clock resets after every shutdown",
        description_zh="客户反映每次关机断电后再开机，系统时间都变回很早的日期，"
        "浏览器提示证书错误。",
        description_en="Customer reports the system clock resets to an old date after each "
        "power-off, and browsers then show certificate errors.",
        cause_zh="主板CMOS纽扣电池电量耗尽。",
        cause_en="The CMOS coin battery on the mainboard was flat.",
        fix_zh="更换CMOS电池并校准时间，断电测试时间保持正常。",
        fix_en="Replaced the CMOS battery and set the time; it survives a power-off now.",
    ),
    Fault(
        key="nic-no-link",
        product_lines=("desktop",),
        category="hardware",
        impact="individual",
        fault_code=None,
        subject_zh="有线网络无法连接",
        subject_en="Wired network shows no connection",
        description_zh="客户称台式机网线插上后提示「网络电缆被拔出」，网口指示灯不亮，"
        "换过网线也一样。",
        description_en='Customer says the desktop shows "network cable unplugged" and the port '
        "LEDs are off, even with a different cable.",
        cause_zh="板载网卡因雷击浪涌损坏。",
        cause_en="The onboard network port was damaged by a power surge during a storm.",
        fix_zh="更换主板，网络连接恢复，建议客户使用带防雷功能的插排。",
        fix_en="Replaced the mainboard; networking works. Recommended a surge-protected power "
        "strip.",
    ),
    # ---- printers -----------------------------------------------------------------------------
    Fault(
        key="paper-jam",
        product_lines=("printer",),
        category="hardware",
        impact="multiple",
        fault_code="13.A2",
        subject_zh="打印机频繁卡纸",
        subject_en="Printer keeps jamming",
        description_zh="客户反映办公室打印机几乎每打印几页就卡纸，面板提示13.A2，取出纸后很快又卡。"
        "",
        description_en="Customer reports the office printer jams every few pages with code "
        "13.A2 on the panel; it jams again soon after clearing.",
        cause_zh="进纸搓纸轮磨损打滑，且客户使用的纸张受潮。",
        cause_en="The pickup roller was worn and slipping, and the paper in use had absorbed "
        "moisture.",
        fix_zh="更换搓纸轮，建议客户使用干燥的标准纸张，连续打印百页无卡纸。",
        fix_en="Replaced the pickup roller and advised using dry, standard paper. A 100-page run "
        "completed without jams.",
    ),
    Fault(
        key="blank-pages",
        product_lines=("printer",),
        category="hardware",
        impact="multiple",
        fault_code=None,
        subject_zh="打印出来是白纸",
        subject_en="Printer outputs blank pages",
        description_zh="客户称刚换了新硒鼓，打印出来的纸全是空白，没有任何字迹。",
        description_en="Customer says the printer outputs completely blank pages since a new "
        "toner cartridge was installed.",
        cause_zh="新硒鼓的密封条未撕掉，碳粉无法送出。",
        cause_en="The sealing strip on the new toner cartridge had not been pulled out.",
        fix_zh="指导客户取出硒鼓撕掉密封条后重新安装，打印恢复正常。",
        fix_en="Guided the customer to remove the cartridge, pull the sealing strip and "
        "reinstall it. Printing is normal.",
    ),
    Fault(
        key="printer-offline",
        product_lines=("printer",),
        category="software",
        impact="multiple",
        fault_code=None,
        subject_zh="网络打印机显示脱机",
        subject_en="Network printer shows offline",
        description_zh="客户反映办公室多台电脑打印时都显示打印机脱机，打印机面板显示正常，"
        "可以复印。",
        description_en="Customer reports several office PCs show the printer as offline, while "
        "the printer panel looks normal and copying works.",
        cause_zh="路由器重启后打印机通过DHCP获取了新的IP地址，电脑端端口仍指向旧地址。",
        cause_en="After a router restart the printer got a new IP address from DHCP, while the "
        "PCs still pointed to the old one.",
        fix_zh="为打印机设置固定IP并在路由器中做地址保留，更新各电脑的打印端口，打印恢复。",
        fix_en="Set a static IP on the printer with a DHCP reservation and updated the printer "
        "port on each PC. Printing works.",
    ),
    Fault(
        key="print-streaks",
        product_lines=("printer",),
        category="hardware",
        impact="individual",
        fault_code=None,
        subject_zh="打印有黑色竖线",
        subject_en="Black vertical streaks on prints",
        description_zh="客户称打印出来的文件每页同一位置都有一条黑色竖线，复印也一样。",
        description_en="Customer says every printed page has a black vertical line in the same "
        "place, and copies show it too.",
        cause_zh="感光鼓表面划伤。",
        cause_en="The surface of the imaging drum was scratched.",
        fix_zh="更换硒鼓（鼓粉一体），打印测试页清晰。",
        fix_en="Replaced the toner/drum cartridge; the test page is clean.",
    ),
    Fault(
        key="toner-not-recognized",
        product_lines=("printer",),
        category="hardware",
        impact="individual",
        fault_code="10.0000",
        subject_zh="提示耗材错误，无法识别硒鼓",
        subject_en="Supply memory error, cartridge not found",
        description_zh="客户反映更换硒鼓后打印机提示「耗材内存错误10.0000」，无法打印。",
        description_en='Customer reports a "Supply memory error 10.0000" after changing the '
        "cartridge, and the printer will not print.",
        cause_zh="硒鼓芯片触点与打印机接触不良，客户使用的是兼容耗材。",
        cause_en="Poor contact between the cartridge chip and the printer; the customer was "
        "using a compatible (non-original) cartridge.",
        fix_zh="清洁芯片触点后仍无法识别，更换原装硒鼓后恢复，已向客户说明兼容耗材的风险。",
        fix_en="Cleaning the contacts did not help; an original cartridge works. Explained the "
        "risks of compatible supplies to the customer.",
    ),
    Fault(
        key="fuser-error",
        product_lines=("printer",),
        category="hardware",
        impact="multiple",
        fault_code="50.2",
        subject_zh="定影器错误，打印机停止工作",
        subject_en="Fuser error, printer stopped",
        description_zh="客户来电称打印机显示「50.2 定影器错误」，关机重启后仍然报错，"
        "全部门无法打印。",
        description_en='Customer says the printer shows "50.2 Fuser error" and still fails '
        "after a restart; the whole department cannot print.",
        cause_zh="定影组件加热灯管老化，升温达不到要求。",
        cause_en="The fuser heating element has aged and cannot reach operating temperature.",
        fix_zh="上门更换定影组件，打印测试正常。",
        fix_en="Replaced the fuser assembly on site; print tests pass.",
    ),
    Fault(
        key="scan-to-email",
        product_lines=("printer",),
        category="software",
        impact="multiple",
        fault_code=None,
        subject_zh="扫描到邮箱功能失败",
        subject_en="Scan to email fails",
        description_zh="客户反映一体机扫描发送到邮箱时提示发送失败，之前一直正常使用。",
        description_en="Customer reports scan-to-email on the MFP fails with a send error; it "
        "used to work.",
        cause_zh="公司邮箱服务器改为仅允许加密连接，打印机中SMTP设置仍为旧端口且未启用SSL。",
        cause_en="The company mail server now requires encrypted connections, but the printer "
        "still used the old SMTP port without SSL.",
        fix_zh="在打印机网页管理界面更新SMTP端口并启用SSL/TLS，测试发送成功。",
        fix_en="Updated the SMTP port and enabled SSL/TLS in the printer's web admin page. Test "
        "scan delivered.",
    ),
    Fault(
        key="garbled-print",
        product_lines=("printer",),
        category="software",
        impact="individual",
        fault_code=None,
        subject_zh="打印出来都是乱码",
        subject_en="Printer prints garbled characters",
        description_zh="客户称打印Word文档时出来的都是乱码，而且一张接一张不停打印。",
        description_en="Customer says printing a Word document produces pages of garbage "
        "characters, one page after another.",
        cause_zh="电脑上安装的驱动型号与打印机不一致，打印语言不匹配。",
        cause_en="The installed driver was for a different model, so the printer language did "
        "not match.",
        fix_zh="删除错误驱动，安装对应型号的官方驱动，打印正常。",
        fix_en="Removed the wrong driver and installed the correct official driver. Prints fine.",
    ),
    Fault(
        key="ink-pad-full",
        product_lines=("printer",),
        category="hardware",
        impact="individual",
        fault_code=None,
        subject_zh="提示废墨垫已满，需要维修",
        subject_en="Ink pad full, service required",
        description_zh="客户反映墨仓式打印机面板红灯交替闪烁，电脑提示「打印机需要维修，"
        "请联系服务中心」。",
        description_en="Customer reports the ink tank printer's lights flash alternately and the "
        'PC says "The printer requires service. Contact a service centre."',
        cause_zh="废墨垫吸收量达到寿命上限。",
        cause_en="The waste ink pads reached the end of their service life.",
        fix_zh="更换废墨垫并用维修工具清零计数器，打印恢复。",
        fix_en="Replaced the waste ink pads and reset the counter with the service tool. "
        "Printing resumed.",
    ),
    # ---- servers ------------------------------------------------------------------------------
    Fault(
        key="raid-degraded",
        product_lines=("server",),
        category="hardware",
        impact="multiple",
        fault_code=None,
        subject_zh="服务器RAID阵列降级",
        subject_en="Server RAID array degraded",
        description_zh="客户反映服务器管理口告警，RAID5虚拟磁盘状态为降级，2号盘位硬盘指示灯橙色，"
        "业务暂时正常。",
        description_en="Customer reports a management controller alert: the RAID 5 virtual disk "
        "is degraded and the drive in bay 2 shows an amber LED. Services still running.",
        cause_zh="2号盘位机械硬盘出现大量坏道后被控制器踢出阵列。",
        cause_en="The hard drive in bay 2 developed many bad sectors and was dropped from the "
        "array by the controller.",
        fix_zh="上门热插拔更换故障硬盘，阵列自动重建完成，状态恢复为最佳。",
        fix_en="Hot-swapped the failed drive on site; the array rebuilt automatically and is "
        "back to Optimal.",
    ),
    Fault(
        key="server-fan-alarm",
        product_lines=("server",),
        category="hardware",
        impact="multiple",
        fault_code="FAN0001",
        subject_zh="服务器风扇故障告警",
        subject_en="Server fan failure alarm",
        description_zh="客户称机房服务器前面板报警灯亮起，管理界面显示风扇转速低于临界值，"
        "其余风扇转速升高噪音明显。",
        description_en="Customer says the server's front health LED is on and the management "
        "UI shows one fan below the critical RPM threshold; the other fans are running loud.",
        cause_zh="风扇模块轴承损坏，转速异常。",
        cause_en="The fan module's bearing failed, so its speed dropped.",
        fix_zh="上门热插拔更换风扇模块，告警消除，转速恢复正常。",
        fix_en="Hot-swapped the fan module on site. The alert cleared and fan speeds are normal.",
    ),
    Fault(
        key="server-psu-failure",
        product_lines=("server",),
        category="hardware",
        impact="production_stopped",
        fault_code="PSU0003",
        subject_zh="服务器电源故障宕机，业务中断",
        subject_en="Server down after PSU failure",
        description_zh="客户紧急来电，核心业务服务器突然断电宕机，无法开机，生产系统全部中断。"
        "管理日志显示电源模块输入丢失。",
        description_en="Urgent call: the core business server lost power and will not start; "
        "production systems are down. The management log shows PSU input lost.",
        cause_zh="冗余电源中一个模块早前已故障未及时处理，另一个模块随后损坏，导致整机断电。",
        cause_en="One redundant PSU had failed earlier without being replaced, and the second "
        "then failed, cutting power to the whole server.",
        fix_zh="备件紧急调拨，工程师两小时内到场更换两个电源模块，服务器开机，业务恢复，"
        "并协助客户配置电源告警邮件通知。",
        fix_en="Spares were rushed over and the engineer replaced both PSUs within two hours. "
        "The server is up, services restored, and PSU alert emails configured.",
    ),
    Fault(
        key="server-memory-ecc",
        product_lines=("server",),
        category="hardware",
        impact="multiple",
        fault_code="MEM0001",
        subject_zh="服务器内存报错后自动重启",
        subject_en="Server rebooted after memory errors",
        description_zh="客户反映服务器夜间自动重启，管理日志中有多条内存不可纠正错误记录。",
        description_en="Customer reports the server rebooted overnight; the management log has "
        "several uncorrectable memory error entries.",
        cause_zh="A3插槽内存条故障。",
        cause_en="The DIMM in slot A3 has failed.",
        fix_zh="预约维护窗口上门更换故障内存，运行内存诊断通过，日志无新报错。",
        fix_en="Replaced the faulty DIMM during a scheduled maintenance window; memory "
        "diagnostics pass and no new errors are logged.",
    ),
    Fault(
        key="server-os-no-boot",
        product_lines=("server",),
        category="software",
        impact="production_stopped",
        fault_code=None,
        subject_zh="服务器系统升级后无法启动",
        subject_en="Server fails to boot after OS update",
        description_zh="客户来电称服务器打完系统补丁重启后卡在启动界面，进不了系统，"
        "ERP系统无法使用。",
        description_en="Customer says the server hangs at the boot screen after installing OS "
        "patches and rebooting; the ERP system is unavailable.",
        cause_zh="新内核缺少RAID卡驱动模块，系统启动时找不到根分区。",
        cause_en="The new kernel lacked the RAID controller driver, so the root filesystem "
        "could not be found at boot.",
        fix_zh="远程通过管理口选择旧内核启动，恢复业务后安装对应驱动并重建启动镜像，"
        "再次重启验证正常。",
        fix_en="Booted the previous kernel through the remote console to restore service, then "
        "installed the driver, rebuilt the boot image and verified a clean reboot.",
    ),
    Fault(
        key="bmc-unreachable",
        product_lines=("server",),
        category="software",
        impact="individual",
        fault_code=None,
        subject_zh="服务器管理口无法访问",
        subject_en="Server management port unreachable",
        description_zh="客户反映服务器带外管理口网页打不开，也ping不通，服务器业务正常。",
        description_en="Customer reports the out-of-band management web page will not load and "
        "does not answer ping; the server itself is running fine.",
        cause_zh="管理控制器固件异常挂起。",
        cause_en="The management controller firmware had hung.",
        fix_zh="指导客户在系统内重置管理控制器并升级固件到最新版本，管理口访问恢复。",
        fix_en="Had the customer reset the management controller from the OS and updated its "
        "firmware. Access is restored.",
    ),
    Fault(
        key="server-overtemp",
        product_lines=("server",),
        category="hardware",
        impact="multiple",
        fault_code=None,
        subject_zh="服务器进风口温度过高告警",
        subject_en="Server inlet temperature warning",
        description_zh="客户称多台服务器同时出现温度告警，风扇全速运转，机房温度明显偏高。",
        description_en="Customer says several servers raised temperature warnings at once, fans "
        "are at full speed, and the server room feels hot.",
        cause_zh="机房空调故障停机，进风口温度超过40摄氏度。",
        cause_en="The server room air conditioning had stopped; inlet temperature exceeded "
        "40 degrees Celsius.",
        fix_zh="协助客户联系空调维保恢复制冷，服务器温度回落，检查硬件无损伤。",
        fix_en="Helped the customer get the air conditioning repaired. Temperatures came back "
        "down and the hardware checked out fine.",
    ),
    # ---- monitors -----------------------------------------------------------------------------
    Fault(
        key="monitor-no-signal",
        product_lines=("monitor",),
        category="hardware",
        impact="individual",
        fault_code=None,
        subject_zh="显示器提示无信号",
        subject_en="Monitor shows no signal",
        description_zh="客户反映显示器开机后一直提示「无信号」，然后进入休眠，主机运行正常。",
        description_en='Customer reports the monitor says "No signal" and goes to sleep, while '
        "the computer is running normally.",
        cause_zh="显示器输入源设置为HDMI，实际使用的是DP线，且DP线一端接口松动。",
        cause_en="The monitor input was set to HDMI while a DisplayPort cable was in use, and "
        "one end of that cable was loose.",
        fix_zh="重新插紧DP线并在菜单中切换输入源为DP，显示恢复。",
        fix_en="Reseated the DisplayPort cable and switched the input to DP in the menu. "
        "Picture is back.",
    ),
    Fault(
        key="monitor-lines",
        product_lines=("monitor",),
        category="hardware",
        impact="individual",
        fault_code=None,
        subject_zh="显示器出现竖条纹",
        subject_en="Vertical lines on monitor",
        description_zh="客户称显示器屏幕上出现几条彩色竖线，更换线材和电脑后仍然存在。",
        description_en="Customer says coloured vertical lines appear on the screen, even with a "
        "different cable and computer.",
        cause_zh="液晶面板驱动电路故障。",
        cause_en="The LCD panel driver circuit has failed.",
        fix_zh="保修期内为客户更换同型号显示器。",
        fix_en="Replaced the monitor with the same model under warranty.",
    ),
    Fault(
        key="monitor-bright-dot",
        product_lines=("monitor",),
        category="hardware",
        impact="individual",
        fault_code=None,
        subject_zh="新显示器有亮点",
        subject_en="Bright dot on new monitor",
        description_zh="客户反映新买的显示器屏幕中间有一个常亮的亮点，影响使用，要求更换。",
        description_en="Customer reports a stuck bright pixel in the middle of a newly bought "
        "monitor and asks for a replacement.",
        cause_zh="面板存在亮点，符合无亮点保障政策的更换条件。",
        cause_en="The panel has a bright pixel, which qualifies under the zero bright-dot policy.",
        fix_zh="按无亮点政策为客户办理换新。",
        fix_en="Arranged a replacement under the zero bright-dot policy.",
    ),
    Fault(
        key="monitor-flicker",
        product_lines=("monitor",),
        category="software",
        impact="individual",
        fault_code=None,
        subject_zh="显示器画面闪烁",
        subject_en="Monitor image flickers",
        description_zh="客户称显示器画面偶尔闪一下黑屏，大约每小时几次，主要发生在播放视频时。",
        description_en="Customer says the monitor blanks for a moment a few times an hour, "
        "mostly while playing video.",
        cause_zh="电脑端开启了可变刷新率，与该显示器固件版本不兼容。",
        cause_en="Variable refresh rate was enabled on the PC and is incompatible with the "
        "monitor's firmware version.",
        fix_zh="关闭可变刷新率并升级显示器固件，观察一周未再闪烁。",
        fix_en="Turned off variable refresh rate and updated the monitor firmware. No flicker "
        "over a week.",
    ),
    # ---- consultations ------------------------------------------------------------------------
    Fault(
        key="warranty-inquiry",
        product_lines=_ALL_LINES,
        category="consultation",
        impact="individual",
        fault_code=None,
        subject_zh="咨询设备保修期限",
        subject_en="Warranty status inquiry",
        description_zh="客户来电咨询设备是否还在保修期内，以及保修范围包括哪些部件。",
        description_en="Customer asks whether the device is still under warranty and which "
        "parts the warranty covers.",
        cause_zh="客户不清楚整机保修与主要部件保修的区别。",
        cause_en="Customer was unsure about the difference between device warranty and "
        "core-parts warranty.",
        fix_zh="根据序列号查询保修状态并告知客户，说明整机与主要部件的保修期限和范围。",
        fix_en="Looked up the warranty by serial number and explained the device and core-parts "
        "coverage periods and scope.",
    ),
    Fault(
        key="printer-driver-setup",
        product_lines=("printer",),
        category="consultation",
        impact="individual",
        fault_code=None,
        subject_zh="咨询如何安装打印机驱动",
        subject_en="How to install the printer driver",
        description_zh="客户新买了一台电脑，咨询如何安装打印机驱动并添加网络打印机。",
        description_en="Customer has a new computer and asks how to install the printer driver "
        "and add the network printer.",
        cause_zh="客户不熟悉驱动下载和网络打印机添加步骤。",
        cause_en="Customer was not familiar with downloading the driver and adding a network "
        "printer.",
        fix_zh="告知官网驱动下载路径，电话指导客户按IP地址添加打印机，打印测试页成功。",
        fix_en="Gave the official driver download location and walked the customer through "
        "adding the printer by IP address. Test page printed.",
    ),
    Fault(
        key="data-backup-advice",
        product_lines=_PCS,
        category="consultation",
        impact="individual",
        fault_code=None,
        subject_zh="咨询送修前数据备份方法",
        subject_en="Advice on backing up data before repair",
        description_zh="客户准备送修电脑，咨询如何备份资料，以及维修过程中数据是否会丢失。",
        description_en="Customer is about to send the computer in for repair and asks how to "
        "back up their files and whether data could be lost.",
        cause_zh="客户担心维修导致数据丢失。",
        cause_en="Customer was worried the repair might lose their data.",
        fix_zh="建议客户使用移动硬盘或云盘备份重要文件，说明更换硬盘或主板时数据可能无法保留。",
        fix_en="Recommended backing up to an external drive or cloud storage and explained that "
        "data may not survive a disk or mainboard replacement.",
    ),
    Fault(
        key="extended-warranty",
        product_lines=_ALL_LINES,
        category="consultation",
        impact="individual",
        fault_code=None,
        subject_zh="咨询购买延长保修服务",
        subject_en="Extended warranty purchase inquiry",
        description_zh="客户咨询设备保修快到期了，能否购买延保服务，价格和办理方式是什么。",
        description_en="Customer's warranty is about to expire; they ask whether an extended "
        "warranty can be purchased, how much it costs and how to buy it.",
        cause_zh="客户希望在保修到期前续保。",
        cause_en="Customer wants to extend coverage before the warranty ends.",
        fix_zh="介绍延保套餐和价格，告知需在原保修到期前购买，已发送购买链接给客户。",
        fix_en="Explained the extended warranty packages and prices, noted it must be bought "
        "before the current warranty ends, and sent the purchase link.",
    ),
    Fault(
        key="win11-upgrade",
        product_lines=_PCS,
        category="consultation",
        impact="individual",
        fault_code=None,
        subject_zh="咨询能否升级Windows 11",
        subject_en="Can this PC be upgraded to Windows 11?",
        description_zh="客户咨询电脑能否升级到Windows 11，升级后原有软件和文件是否会受影响。",
        description_en="Customer asks whether the computer can be upgraded to Windows 11 and "
        "whether existing software and files will be affected.",
        cause_zh="客户不确定设备是否满足升级条件。",
        cause_en="Customer was unsure whether the device meets the requirements.",
        fix_zh="根据型号确认设备支持升级，说明TPM和安全启动要求，建议升级前备份数据。",
        fix_en="Confirmed the model supports the upgrade, explained the TPM and Secure Boot "
        "requirements, and advised backing up first.",
    ),
    Fault(
        key="onsite-service-scope",
        product_lines=("server", "printer"),
        category="consultation",
        impact="individual",
        fault_code=None,
        subject_zh="咨询上门服务响应时间",
        subject_en="On-site service response time inquiry",
        description_zh="客户咨询服务器和打印机报修后工程师多久能上门，周末和节假日是否提供服务。",
        description_en="Customer asks how soon an engineer can come on site after a report, and "
        "whether service is available at weekends and on holidays.",
        cause_zh="客户需要了解服务级别以便安排内部值班。",
        cause_en="Customer needs to know the service levels to plan internal on-call cover.",
        fix_zh="说明当前服务合同的响应时间和服务时段，并介绍7x24升级服务选项。",
        fix_en="Explained the response times and service hours in the current contract and the "
        "7x24 upgrade option.",
    ),
    Fault(
        key="invoice-request",
        product_lines=_ALL_LINES,
        category="consultation",
        impact="individual",
        fault_code=None,
        subject_zh="申请维修费用发票",
        subject_en="Request for repair invoice",
        description_zh="客户咨询保外维修费用如何开具增值税发票，需要提供哪些信息。",
        description_en="Customer asks how to get a VAT invoice for an out-of-warranty repair and "
        "what details are required.",
        cause_zh="客户需要发票用于公司报销。",
        cause_en="Customer needs an invoice for company reimbursement.",
        fix_zh="收集开票信息并提交财务，告知电子发票将在三个工作日内发送到客户邮箱。",
        fix_en="Collected the invoicing details and passed them to finance; the e-invoice will "
        "be emailed within three business days.",
    ),
    # ---- complaints ---------------------------------------------------------------------------
    Fault(
        key="engineer-late",
        product_lines=_ALL_LINES,
        category="complaint",
        impact="individual",
        fault_code=None,
        subject_zh="投诉工程师上门迟到",
        subject_en="Complaint: engineer late for appointment",
        description_zh="客户投诉预约上午九点上门，工程师十一点多才到，事先没有电话通知，"
        "耽误了客户工作安排。",
        description_en="Customer complains the engineer booked for 9 a.m. arrived after 11 "
        "without calling ahead, disrupting their schedule.",
        cause_zh="工程师前一单现场处理超时，未及时通知后续客户。",
        cause_en="The engineer's previous job overran and the next customer was not notified.",
        fix_zh="向客户致歉并说明原因，对工程师进行服务规范提醒，赠送一次免费清洁保养服务。",
        fix_en="Apologised and explained the cause, reminded the engineer of the service "
        "standards, and offered a free cleaning and maintenance visit.",
    ),
    Fault(
        key="repair-too-long",
        product_lines=("laptop", "desktop", "printer", "monitor"),
        category="complaint",
        impact="individual",
        fault_code=None,
        subject_zh="投诉维修周期过长",
        subject_en="Complaint: repair taking too long",
        description_zh="客户投诉设备送修已经两周还没修好，每次询问都说在等配件，严重影响工作。",
        description_en="Customer complains the device has been in repair for two weeks, is "
        "always told it is waiting for parts, and their work is suffering.",
        cause_zh="所需配件全国缺货，备件调拨延误，期间未主动向客户更新进度。",
        cause_en="The part was out of stock nationally and the transfer was delayed; the "
        "customer was not kept updated.",
        fix_zh="协调加急调货并为客户提供备用机，配件到货后优先维修，完成后回访客户确认满意。",
        fix_en="Expedited the part, lent the customer a loaner unit, prioritised the repair on "
        "arrival and followed up to confirm satisfaction.",
    ),
    Fault(
        key="repeat-failure",
        product_lines=_ALL_LINES,
        category="complaint",
        impact="individual",
        fault_code=None,
        subject_zh="投诉维修后同一故障再次出现",
        subject_en="Complaint: same fault again after repair",
        description_zh="客户投诉上个月刚维修过，现在同样的问题又出现了，要求换新机或退货。",
        description_en="Customer complains the same fault has come back a month after the "
        "repair and asks for a replacement unit or a refund.",
        cause_zh="上次维修只更换了表面故障部件，未彻底排查根本原因。",
        cause_en="The previous repair replaced only the symptomatic part without finding the "
        "root cause.",
        fix_zh="安排专家工程师全面检测并更换相关部件，按政策为客户延长该部件保修期，"
        "客户接受处理方案。",
        fix_en="An expert engineer ran a full diagnosis and replaced the related parts; per "
        "policy the part warranty was extended and the customer accepted.",
    ),
    Fault(
        key="billing-dispute",
        product_lines=_ALL_LINES,
        category="complaint",
        impact="individual",
        fault_code=None,
        subject_zh="投诉维修收费不合理",
        subject_en="Complaint: disputed repair charge",
        description_zh="客户投诉设备还在保修期内却被收取了维修费用，要求退还费用并给出解释。",
        description_en="Customer complains they were charged for a repair while the device is "
        "still under warranty, and asks for a refund and an explanation.",
        cause_zh="工程师按人为损坏判定收费，但未向客户出示判定依据并取得确认。",
        cause_en="The engineer classified it as accidental damage and charged, but did not show "
        "the customer the evidence or get their agreement.",
        fix_zh="复核维修记录后确认属保修范围，为客户全额退款并致歉。",
        fix_en="After reviewing the repair record it was confirmed as covered; the charge was "
        "refunded in full with an apology.",
    ),
    Fault(
        key="service-attitude",
        product_lines=_ALL_LINES,
        category="complaint",
        impact="individual",
        fault_code=None,
        subject_zh="投诉客服服务态度差",
        subject_en="Complaint: rude service agent",
        description_zh="客户投诉前一次来电时客服语气不耐烦，问题没有解决就挂断了电话。",
        description_en="Customer complains the agent on their previous call was impatient and "
        "hung up before the issue was solved.",
        cause_zh="经调取录音确认，坐席在通话中存在服务用语不规范的情况。",
        cause_en="The call recording confirmed the agent did not follow service language "
        "standards.",
        fix_zh="主管致电客户道歉，对坐席进行辅导，并由专人跟进客户原问题直至解决。",
        fix_en="A supervisor called to apologise, the agent was coached, and a dedicated "
        "contact followed the original issue through to resolution.",
    ),
    Fault(
        key="data-loss-after-repair",
        product_lines=_PCS,
        category="complaint",
        impact="individual",
        fault_code=None,
        subject_zh="投诉维修后资料丢失",
        subject_en="Complaint: data lost after repair",
        description_zh="客户投诉电脑维修取回后桌面上的工作文件全部不见了，维修前没有人提醒要备份。",
        description_en="Customer complains all work files on the desktop were gone after the "
        "repair, and nobody warned them to back up beforehand.",
        cause_zh="维修过程中重装了系统，接修时未按流程告知客户数据风险并签字确认。",
        cause_en="The OS was reinstalled during repair, and the intake step did not warn about "
        "data risk or get a signed acknowledgement.",
        fix_zh="安排数据恢复工程师尝试恢复，找回大部分文件，并对接修流程进行整改。",
        fix_en="A data-recovery engineer recovered most of the files, and the intake process "
        "was corrected.",
    ),
    Fault(
        key="parts-delay",
        product_lines=("server", "printer"),
        category="complaint",
        impact="multiple",
        fault_code=None,
        subject_zh="投诉备件迟迟未到",
        subject_en="Complaint: spare part delayed",
        description_zh="客户投诉已经报修三天，工程师确认需要更换配件，但配件至今未到，"
        "多人办公受到影响。",
        description_en="Customer complains that three days after the report the replacement "
        "part confirmed by the engineer still has not arrived, affecting several staff.",
        cause_zh="区域备件库缺货，调拨单未及时处理。",
        cause_en="The regional parts depot was out of stock and the transfer order was not "
        "processed promptly.",
        fix_zh="升级至备件主管协调从邻近城市调货，次日到货完成更换，并向客户致歉。",
        fix_en="Escalated to the parts manager, who sourced the part from a nearby city. It "
        "arrived the next day and was fitted; apologised to the customer.",
    ),
)


# --- teams ------------------------------------------------------------------------------------

TEAMS: tuple[TeamSpec, ...] = (
    TeamSpec("customer_service", "客户服务中心", ("intake",)),
    TeamSpec("remote_support", "远程技术支持组", ("software", "network", "laptop_hardware")),
    TeamSpec(
        "onsite_support",
        "现场服务组",
        ("laptop_hardware", "desktop_hardware", "printers", "servers"),
    ),
    TeamSpec("expert", "专家组", ("servers", "network", "escalation")),
    TeamSpec("quality", "质量与投诉组", ("complaints", "escalation")),
)


# --- people -----------------------------------------------------------------------------------

ZH_SURNAMES: tuple[str, ...] = (
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
    "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
    "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
    "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡",
    "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈",
    "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
    "欧阳", "司马", "诸葛",
)  # fmt: skip

ZH_GIVEN_NAMES: tuple[str, ...] = (
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
    "勇", "艳", "杰", "娟", "涛", "明", "超", "霞", "平", "刚",
    "辉", "鹏", "华", "飞", "鑫", "波", "斌", "宇", "浩", "凯",
    "健", "俊", "帆", "帅", "旭", "宁", "龙", "林", "欢", "阳",
    "婷", "雪", "琳", "晨", "瑶", "蕾", "倩", "颖", "萍", "红",
    "秀英", "秀兰", "桂英", "玉兰", "建华", "建国", "建军", "志强", "志明", "海燕",
    "丽娟", "丽华", "小红", "小军", "文博", "文静", "晓东", "晓明", "晓燕", "晓丽",
    "子涵", "子轩", "梓涵", "梓萱", "浩然", "浩宇", "宇轩", "宇航", "欣怡", "欣然",
    "雨涵", "雨欣", "诗涵", "思远", "思琪", "嘉怡", "嘉豪", "俊杰", "俊豪", "一鸣",
    "天佑", "天宇", "振华", "国强", "国庆", "建平", "春梅", "春燕", "冬梅", "秋菊",
    "美玲", "美华", "慧敏", "慧琳", "雅婷", "雅琴", "佳琪", "佳怡", "明轩", "明杰",
    "晨曦", "博文", "博涛", "立新", "立伟", "德华", "永强", "永红", "宏伟", "红梅",
    "凤英", "淑珍", "淑华", "金凤", "爱华", "卫东", "向东", "新华", "亚楠", "亚军",
    "梦瑶", "梦琪", "若曦", "可馨", "语嫣", "紫萱", "泽宇", "皓轩", "铭泽", "睿",
    "昊", "然", "琪", "璐", "岩", "楠", "彬", "峰", "毅", "瑞",
)  # fmt: skip

EN_FIRST_NAMES: tuple[str, ...] = (
    "James", "John", "Robert", "Michael", "William", "David", "Richard", "Joseph", "Thomas",
    "Daniel", "Matthew", "Anthony", "Mark", "Steven", "Paul", "Andrew", "Kevin", "Brian",
    "George", "Edward", "Ryan", "Jacob", "Nicholas", "Eric", "Jonathan", "Peter", "Samuel",
    "Benjamin", "Lucas", "Oliver", "Mary", "Patricia", "Jennifer", "Linda", "Elizabeth",
    "Barbara", "Susan", "Jessica", "Sarah", "Karen", "Nancy", "Lisa", "Emily", "Michelle",
    "Laura", "Amanda", "Rachel", "Anna", "Emma", "Olivia", "Sophie", "Hannah", "Claire",
    "Julia", "Grace", "Chloe", "Natalie", "Rebecca", "Megan", "Lena", "Marco", "Henrik",
)  # fmt: skip

EN_LAST_NAMES: tuple[str, ...] = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
    "Taylor", "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark",
    "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Hill",
    "Green", "Adams", "Baker", "Nelson", "Carter", "Mitchell", "Roberts", "Turner", "Phillips",
    "Campbell", "Parker", "Evans", "Edwards", "Collins", "Stewart", "Morris", "Murphy", "Cook",
    "Rogers", "Morgan", "Cooper", "Peterson", "Reed", "Bailey", "Bell", "Kelly", "Howard",
    "Ward", "Fischer", "Weber", "Schneider", "Jensen", "Larsen", "Rossi", "Dubois",
)  # fmt: skip


# --- organizations and regions ----------------------------------------------------------------

ORGANIZATIONS: tuple[str, ...] = (
    "上海华信精密制造有限公司",
    "杭州市第三人民医院",
    "南京启明软件科技有限公司",
    "北京中科瑞达信息技术有限公司",
    "深圳市恒远电子有限公司",
    "广州天成物流有限公司",
    "苏州新纬光电科技有限公司",
    "成都蜀信会计师事务所",
    "武汉长江汽车零部件有限公司",
    "西安博雅教育咨询有限公司",
    "天津海岳国际贸易有限公司",
    "重庆渝丰食品有限公司",
    "青岛蓝海船舶设备有限公司",
    "宁波东方模具有限公司",
    "厦门鹭江酒店管理有限公司",
    "长沙湘云传媒有限公司",
    "郑州中原医药连锁有限公司",
    "合肥科讯智能装备有限公司",
    "济南泉城建筑设计院有限公司",
    "沈阳北方重型机械有限公司",
    "大连海辰水产有限公司",
    "昆明彩云旅游发展有限公司",
    "福州闽信通信工程有限公司",
    "无锡锡华纺织有限公司",
    "东莞市鸿达五金制品有限公司",
    "佛山市顺和家具有限公司",
    "珠海海湾半导体有限公司",
    "南昌赣鑫能源有限公司",
    "哈尔滨冰城乳业有限公司",
    "石家庄华北制药设备有限公司",
    "北京市朝阳区实验中学",
    "上海市徐汇区中心小学",
    "杭州市西湖区人民法院",
    "南京市鼓楼区卫生健康委员会",
    "广州市番禺区图书馆",
    "深圳市南山区人民医院",
    "成都市第五人民医院",
    "武汉市江汉区税务所",
    "苏州工业园区管理服务中心",
    "浙江东临大学信息中心",
    "江南理工学院图书馆",
    "华中师范学院附属中学",
    "上海嘉宏律师事务所",
    "北京信诚会计师事务所",
    "广东粤通建设工程有限公司",
    "江苏恒瑞德化工有限公司",
    "浙江万达精工机械有限公司",
    "山东鲁能环保科技有限公司",
    "四川天府农业发展有限公司",
    "湖南星辰电子商务有限公司",
    "安徽皖江物流集团有限公司",
    "河南中原证券营业部",
    "福建海峡保险代理有限公司",
    "云南滇池生物科技有限公司",
    "陕西秦岭矿业有限公司",
    "辽宁盛京印务有限公司",
    "江西庐山茶业有限公司",
    "广西桂海贸易有限公司",
    "海南椰城度假酒店有限公司",
    "新疆天山棉业有限公司",
    "Northwind Logistics (Suzhou) Co., Ltd.",
    "Bluestone Medical Devices (Shanghai) Co., Ltd.",
    "Aldermoor Precision Engineering (Tianjin) Co., Ltd.",
    "Harbourline Trading (Shenzhen) Co., Ltd.",
    "Kestrel Automotive Systems (Wuhan) Co., Ltd.",
    "Silverfern Foods (Guangzhou) Co., Ltd.",
    "Meridian Consulting (Beijing) Co., Ltd.",
    "Granite Peak Chemicals (Ningbo) Co., Ltd.",
)

REGIONS: tuple[str, ...] = (
    "北京市海淀区",
    "北京市朝阳区",
    "北京市丰台区",
    "上海市浦东新区",
    "上海市徐汇区",
    "上海市闵行区",
    "深圳市南山区",
    "深圳市福田区",
    "深圳市龙岗区",
    "广州市天河区",
    "广州市番禺区",
    "杭州市西湖区",
    "杭州市滨江区",
    "南京市鼓楼区",
    "南京市江宁区",
    "苏州市工业园区",
    "成都市高新区",
    "成都市武侯区",
    "武汉市洪山区",
    "武汉市江汉区",
    "西安市雁塔区",
    "天津市滨海新区",
    "重庆市渝北区",
    "青岛市黄岛区",
    "宁波市鄞州区",
    "厦门市思明区",
    "长沙市岳麓区",
    "郑州市金水区",
    "合肥市蜀山区",
    "济南市历下区",
    "沈阳市和平区",
    "东莞市松山湖",
)


# --- free text --------------------------------------------------------------------------------

NOTES_ZH: tuple[str, ...] = (
    "已远程连接客户电脑，正在检查驱动版本。",
    "已请客户拍摄报错界面照片发至服务邮箱。",
    "已指导客户重启设备，问题依旧，继续排查。",
    "已核实设备序列号和保修状态，在保修期内。",
    "设备已过保修期，已向客户说明保外维修报价。",
    "客户同意报价，已提交备件申请。",
    "备件已申请，预计两个工作日内到达。",
    "备件已到货，已联系客户预约上门时间。",
    "已与客户预约明天上午上门检测。",
    "工程师已到达现场，开始检测。",
    "现场检测完成，确认为硬件故障，需更换部件。",
    "已运行厂商诊断工具，测试结果已保存。",
    "已收集系统日志和事件查看器记录，待分析。",
    "已导出服务器管理日志，转专家组分析。",
    "客户暂时不方便处理，约定下午再联系。",
    "客户电话未接通，已发送短信提醒回电。",
    "已更新BIOS和芯片组驱动至最新版本，观察中。",
    "已卸载冲突软件，请客户继续使用观察。",
    "已提醒客户在维修前备份重要数据。",
    "客户已完成数据备份，可以开始维修。",
    "已为客户重装系统并安装常用驱动。",
    "已清理设备内部灰尘，温度恢复正常。",
    "故障无法远程解决，已转现场服务组。",
    "问题较复杂，已升级至专家组处理。",
    "已联系产品线技术支持确认解决方案。",
    "已为客户提供备用机，维修期间使用。",
    "设备已寄回维修中心，等待检测结果。",
    "维修中心检测完毕，已寄回客户。",
    "已更换故障部件，功能测试正常。",
    "已向客户说明故障原因和后续使用注意事项。",
    "客户确认问题已解决，同意关闭工单。",
    "客户反馈问题仍偶发，继续跟踪观察。",
    "已复现故障现象，记录复现步骤。",
    "无法复现故障，请客户再次出现时及时截图。",
    "已检查网络配置，IP和网关设置正确。",
    "已与客户公司IT管理员沟通，确认域策略无限制。",
    "已发送操作指引邮件给客户。",
    "主管已审核处理方案，同意执行。",
    "已补充客户联系方式和详细地址。",
    "等待客户提供购机发票以确认保修。",
    "已登记客户投诉内容，转质量与投诉组跟进。",
)

NOTES_EN: tuple[str, ...] = (
    "Connected to the customer's PC remotely; checking driver versions.",
    "Asked customer to send a photo of the error screen.",
    "Had the customer restart the device; issue persists, continuing diagnosis.",
    "Verified serial number and warranty status: in warranty.",
    "Device is out of warranty; sent the customer a repair quote.",
    "Customer approved the quote; parts request submitted.",
    "Parts ordered, expected within two business days.",
    "Parts arrived; contacting customer to book the on-site visit.",
    "On-site visit booked for tomorrow morning.",
    "Engineer arrived on site and started diagnostics.",
    "On-site diagnosis done: hardware fault confirmed, part replacement needed.",
    "Ran the vendor diagnostics; results saved to the ticket.",
    "Collected system logs and Event Viewer entries for analysis.",
    "Exported the server management log and passed it to the expert team.",
    "Customer busy at the moment; agreed to call back this afternoon.",
    "No answer from customer; sent a text asking them to call back.",
    "Updated BIOS and chipset drivers to the latest versions; monitoring.",
    "Removed conflicting software; customer will keep an eye on it.",
    "Reminded customer to back up important data before the repair.",
    "Customer has finished backing up; repair can go ahead.",
    "Reinstalled the OS and the standard drivers for the customer.",
    "Cleaned dust out of the unit; temperatures back to normal.",
    "Cannot be fixed remotely; transferred to the on-site team.",
    "Complex issue; escalated to the expert team.",
    "Checked with product-line technical support on the fix.",
    "Provided a loaner unit for the duration of the repair.",
    "Unit shipped to the repair centre; awaiting diagnosis.",
    "Repair centre finished; unit shipped back to the customer.",
    "Replaced the faulty part; functional test passed.",
    "Explained the cause and usage tips to the customer.",
    "Customer confirmed the issue is resolved and agreed to close.",
    "Customer says the problem still happens occasionally; keeping it open.",
    "Reproduced the fault; steps recorded.",
    "Could not reproduce; asked customer to take a screenshot next time.",
    "Checked network settings; IP address and gateway are correct.",
    "Spoke with the customer's IT admin; no blocking domain policy.",
    "Emailed step-by-step instructions to the customer.",
    "Supervisor reviewed and approved the proposed solution.",
    "Added the customer's alternate phone number and full address.",
    "Waiting for the customer's purchase invoice to confirm warranty.",
    "Logged the complaint and handed it to the quality team.",
)

CALLS_ZH: tuple[str, ...] = (
    "回访客户，确认设备已恢复正常使用。",
    "致电客户确认明天上午的上门时间。",
    "客户来电询问维修进度，已告知备件在途。",
    "致电客户，电话无人接听，稍后再拨。",
    "致电客户说明保外维修报价，客户考虑后回复。",
    "客户来电同意维修报价，已安排备件。",
    "电话指导客户完成驱动重新安装。",
    "致电客户确认故障现象和发生时间。",
    "回访客户满意度，客户表示满意。",
    "客户来电催促处理进度，已安抚并承诺今日内回复。",
    "致电客户通知设备已修复，可以到服务站取机。",
    "与客户约定远程协助时间为下午两点。",
    "客户来电补充故障信息，已更新工单描述。",
    "致电客户公司IT确认服务器维护窗口。",
    "电话告知客户备件到货时间有延迟，客户表示理解。",
    "主管致电客户就投诉事项致歉并说明处理方案。",
    "客户来电表示问题再次出现，已重新打开工单。",
    "致电客户确认收货地址，准备寄回设备。",
    "回访客户，客户反馈仍有轻微异响，约定继续观察。",
    "客户来电取消上门预约，改为送修。",
    "致电客户提醒携带购机发票和保修卡。",
)

FOLLOW_UP_ZH = "结案回访：客户确认设备使用正常，对服务满意。"
FOLLOW_UP_EN = "Follow-up call after closure: the customer confirms the device works and is happy."

CALLS_EN: tuple[str, ...] = (
    "Follow-up call: customer confirms the device is working normally.",
    "Called customer to confirm the on-site appointment for tomorrow morning.",
    "Customer called for a status update; told them the part is in transit.",
    "Called customer, no answer; will try again later.",
    "Called to explain the out-of-warranty quote; customer will get back to us.",
    "Customer called to approve the quote; parts arranged.",
    "Walked the customer through reinstalling the driver by phone.",
    "Called customer to confirm the symptoms and when they started.",
    "Satisfaction follow-up: customer is happy with the service.",
    "Customer chased progress; reassured them and promised an update today.",
    "Called to say the device is repaired and ready for pickup.",
    "Agreed a remote session with the customer for 2 p.m.",
    "Customer called with more details about the fault; ticket updated.",
    "Called the customer's IT team to confirm the server maintenance window.",
    "Told customer the part delivery is delayed; customer understands.",
    "Supervisor called to apologise about the complaint and explain the plan.",
    "Customer called to say the problem is back; ticket reopened.",
    "Called to confirm the return shipping address.",
    "Follow-up call: a faint noise remains; agreed to monitor for a few days.",
    "Customer called to cancel the on-site visit and will carry the unit in.",
    "Reminded the customer to bring the purchase invoice and warranty card.",
)

EMAIL_DOMAINS: tuple[str, ...] = (
    "example.com",
    "example.net",
    "example.org",
    "corp.example.cn",
    "mail.example.com.cn",
    "qq.com",
    "163.com",
    "126.com",
    "foxmail.com",
    "outlook.com",
    "gmail.com",
)


@dataclass(frozen=True)
class PartSpec:
    number: str
    name: str
    kind: str  # common | special
    price_cents: int
    core: bool


PARTS: tuple[PartSpec, ...] = (
    PartSpec("BAT-L14", "笔记本电池 14 英寸 57Wh", "common", 42_000, False),
    PartSpec("ADP-65W", "65W 电源适配器", "common", 16_000, False),
    PartSpec("KBD-L14-CN", "笔记本键盘（中文）", "common", 28_000, False),
    PartSpec("FAN-L14", "笔记本散热风扇", "common", 12_000, False),
    PartSpec("SSD-512", "512GB NVMe 固态硬盘", "common", 45_000, True),
    PartSpec("MB-L14", "笔记本主板 L14", "special", 260_000, True),
    PartSpec("LCD-14-FHD", "14 英寸 FHD 屏幕总成", "special", 98_000, True),
    PartSpec("PSU-500W", "台式机 500W 电源", "common", 38_000, True),
    PartSpec("MB-D5", "台式机主板 D5", "special", 180_000, True),
    PartSpec("FUSER-M4", "激光打印机定影组件", "special", 76_000, True),
    PartSpec("ROLLER-M4", "打印机搓纸轮", "common", 6_500, False),
    PartSpec("RAID-BBU", "服务器阵列卡电池", "special", 120_000, False),
    PartSpec("PSU-SRV-800", "服务器 800W 冗余电源", "special", 210_000, True),
    PartSpec("PANEL-27", "27 英寸显示器面板", "special", 135_000, True),
)
