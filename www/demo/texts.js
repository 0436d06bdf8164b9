// The demo page's own texts, in Bahasa Indonesia (the default) and English. The issues
// bring their messages in both languages from the package; these are the labels, hints
// and explanations around them. A text that is an array alternates plain text (even
// positions) with examples kept on one line (odd positions). A function takes the values
// it names.

/** Formats a byte count as the package's messages do: whole kB, or MB with one decimal. */
export function formatBytes(bytes, language) {
  if (bytes < 1000) {
    return `${bytes} ${language === 'id' ? 'byte' : bytes === 1 ? 'byte' : 'bytes'}`;
  }
  if (bytes < 1_000_000) {
    return `${Math.round(bytes / 1000)} KB`;
  }
  const megabytes = (bytes / 1_000_000).toFixed(1);
  return `${language === 'id' ? megabytes.replace('.', ',') : megabytes} MB`;
}

/** "A, B atau C" / "A, B or C"; with `and`, "A, B dan C" / "A, B and C". */
function list(items, language, { and = false } = {}) {
  const last = items.at(-1);
  const rest = items.slice(0, -1);
  const word = { id: and ? 'dan' : 'atau', en: and ? 'and' : 'or' }[language];
  return rest.length === 0 ? last : `${rest.join(', ')} ${word} ${last}`;
}

export const TEXTS = {
  id: {
    title: 'Verifikasi identitas',
    lead: 'Isi data sesuai KTP Anda. Data diperiksa di perangkat ini sebelum dikirim ke penyedia verifikasi.',
    loading: 'Memuat pemeriksa…',
    loadingPhotos: 'Setiap isian diperiksa saat Anda mengetik. Pemeriksa foto masih dimuat…',
    ready: 'Siap. Setiap isian diperiksa saat Anda mengetik.',
    loadFailed:
      'Pemeriksa data belum dapat dimuat, mungkin karena koneksi terputus. Isian Anda tetap ada di halaman ini. Periksa koneksi internet Anda, lalu coba lagi.',
    photosLoadFailed:
      'Pemeriksa foto belum dapat dimuat, mungkin karena koneksi terputus. Isian Anda tetap diperiksa dan tetap ada di halaman ini. Periksa koneksi internet Anda, lalu coba lagi.',
    retry: 'Coba lagi',
    summaryTitle: 'Periksa kembali data berikut',
    providerLegend: 'Untuk pengembang: penyedia verifikasi dan sandbox',
    providerLabel: 'Penyedia',
    qeOption: 'Quantum Elixir (dari server)',
    endpointLabel: 'Layanan',
    sandboxLabel: 'Mode sandbox',
    sandboxHint: [
      'Menerima NIK uji Kredibel ',
      '1234567890111111',
      ' sampai ',
      '…119',
      '; masing-masing memicu satu jawaban penolakan. Hanya untuk pengujian.',
    ],
    oyNote:
      'Data dan foto dienkripsi di perangkat ini dengan kunci publik OY sebelum dikirim. Demo ini mengambil kunci uji dari sandbox (/__sandbox/oy-public-key), yang berperan sebagai server relay Anda; aplikasi sungguhan menyertakan kunci publik yang diberikan OY.',
    widekycNote:
      'Nomor referensi adalah cust_ref_no WideKYC: server Anda membuatnya untuk setiap transaksi; di demo ini terisi otomatis. Nilai uji sandbox untuknya: SPOOF, UNREADABLE, MISMATCH, QUOTA.',
    qeNote1:
      'Endpoint Dukcapil milik Quantum Elixir menerima hasil pencarian Dukcapil yang sudah dilakukan server Anda (customerId, valid, foto resmi Dukcapil), dengan kunci API Anda. Endpoint ini dipanggil dari server integrator, tidak pernah dari ponsel nasabah, jadi formulir ini tidak mengirimnya.',
    qeNote2:
      'Pemeriksaannya tetap tersedia di server: buildRequest("quantum-elixir", "dukcapil", …) dari paket yang sama di Node, lalu readResponse untuk membaca jawabannya.',
    personalLegend: 'Data diri',
    optional: ' (opsional)',
    nikLabel: 'NIK',
    nikHint: '16 digit angka pada KTP Anda.',
    nameLabel: 'Nama lengkap',
    nameHint: 'Sesuai KTP.',
    birthDateLabel: 'Tanggal lahir',
    birthDateHint: ['Tanggal-bulan-tahun, misalnya ', '12-05-1990', '.'],
    birthDatePlaceholder: 'HH-BB-TTTT',
    birthPlaceLabel: 'Tempat lahir',
    birthPlaceHint: 'Sesuai KTP, misalnya Bandung.',
    emailLabel: 'Email',
    emailHint: ['Contoh: ', 'nama@contoh.co.id', '.'],
    phoneLabel: 'Nomor HP',
    phoneHint: ['Contoh: ', '0812-3456-7890', ' atau ', '+62 812-3456-7890', '.'],
    addressHomeLabel: 'Alamat rumah',
    addressHomeHint: 'Sesuai KTP: jalan, RT/RW, kelurahan, kecamatan, kota.',
    addressBusinessLabel: 'Alamat usaha',
    addressBusinessHint: 'Alamat tempat usaha Anda.',
    custRefNoLabel: 'Nomor referensi',
    custRefNoHint: 'Nomor permohonan Anda ini. Sudah terisi; tidak perlu diubah.',
    photosLegend: 'Foto',
    selfieLabel: 'Swafoto',
    selfieCardLabel: 'Swafoto sambil memegang KTP',
    idCardLabel: 'Foto KTP',
    // minBytes and maxBytes arrive worded ("100 KB"): the provider's own words where it has them.
    photoRule: ({ formats, minBytes, maxBytes, minWidth, minHeight }) => {
      const parts = [list(formats, 'id')];
      if (minBytes && maxBytes) {
        parts.push(`${minBytes} sampai ${maxBytes}`);
      } else if (maxBytes) {
        parts.push(`maksimal ${maxBytes}`);
      }
      if (minWidth && minHeight) {
        parts.push(`minimal ${minWidth}\u00a0×\u00a0${minHeight} piksel (lebar\u00a0×\u00a0tinggi)`);
      }
      return `${parts.join(', ')}. Foto yang terlalu besar atau berformat lain disesuaikan otomatis di perangkat ini. Di ponsel, kamera langsung terbuka.`;
    },
    previewOf: (label) => `Pratinjau ${label.toLowerCase()}`,
    previewOfFitted: (label) => `Pratinjau ${label.toLowerCase()} yang sudah disesuaikan, yang akan dikirim`,
    format: 'Format',
    fileSize: 'Ukuran file',
    dimensions: 'Dimensi',
    pixels: (width, height) => `${width}\u00a0×\u00a0${height} piksel`,
    rotated: ' (diputar sesuai EXIF)',
    quality: 'Kualitas',
    qualityGood: 'Baik: tajam, cukup terang, tanpa pantulan',
    qualityWarnings: (count) => `${count} peringatan, lihat di bawah`,
    noPreview: 'Pratinjau tidak tersedia untuk file ini.',
    checkingPhoto: 'Memeriksa foto…',
    fitting: (stage, encodes) =>
      `Menyesuaikan foto di perangkat ini${
        {
          decode: ': membaca gambar',
          resize: ': mengubah ukuran',
          encode: `: menyimpan sebagai JPEG${encodes > 1 ? ` (percobaan ${encodes})` : ''}`,
          verify: ': memeriksa hasil',
        }[stage] ?? ''
      }…`,
    fitActions: {
      convert: (format) => `diubah dari ${format} ke JPEG`,
      upright: 'diputar tegak',
      shrink: 'diperkecil',
      raise: 'disimpan ulang dengan kualitas lebih tinggi',
      reencode: 'disimpan ulang sebagai JPEG',
    },
    fitted: (actions, provider) =>
      // "OY!" ends its own sentence: no "OY!." after it.
      `Foto ini ${list(actions, 'id', { and: true })} di perangkat ini agar diterima ${provider}${provider.endsWith('!') ? '' : '.'}`,
    originalKept:
      'Yang dikirim adalah foto pada pratinjau ini. Foto asli Anda tetap di perangkat ini, tidak diubah dan tidak dikirim.',
    sentAsIs: (provider) => `Foto ini sudah memenuhi syarat ${provider} dan dikirim apa adanya, tanpa diubah.`,
    sentWithoutMetadata: (provider) =>
      `Foto ini sudah memenuhi syarat ${provider}. Gambarnya dikirim tanpa diubah; hanya metadatanya (seperti lokasi GPS dan data kamera) yang dihapus, demi privasi Anda.`,
    submit: 'Kirim untuk verifikasi',
    serverOnly: 'Tidak dikirim dari peramban',
    checking: 'Memeriksa data…',
    sending: (provider) => `Mengirim ke ${provider}…`,
    uploading: (sent, total) => `Mengunggah ${formatBytes(sent, 'id')} dari ${formatBytes(total, 'id')}…`,
    awaitingAnswer: (provider) => `Terkirim. Menunggu jawaban ${provider}…`,
    retrying: (provider, seconds) => `${provider} sedang sibuk; mencoba mengirim lagi dalam ${seconds} detik…`,
    refused: (count) => `Belum dikirim: ${count} isian perlu diperbaiki.`,
    waitingStatus: (provider) => `Menunggu hasil dari ${provider}…`,
    sent: 'Sudah dikirim. Tombol ini aktif lagi setelah Anda mengubah isian.',
    keyFailed: 'Kunci publik OY tidak dapat dimuat, jadi data tidak dapat dienkripsi. Coba muat ulang halaman.',
    unexpected: (message) => `Terjadi kesalahan pada halaman: ${message}`,
    nikValid: 'NIK ini valid.',
    nikSandbox: 'NIK uji sandbox Kredibel.',
    phoneValid: 'Nomor HP ini valid.',
    province: 'Provinsi',
    birthDate: 'Tanggal lahir',
    gender: 'Jenis kelamin',
    male: 'Laki-laki',
    female: 'Perempuan',
    e164: 'Format internasional',
    national: 'Format nasional',
    operator: 'Operator',
    unknownOperator: 'Tidak diketahui',
    error: 'Kesalahan',
    warning: 'Peringatan',
    answer: 'Jawaban penyedia',
    outcome: {
      verified: 'Terverifikasi',
      rejected: 'Ditolak',
      pending: 'Sedang diproses',
      failed: 'Gagal',
    },
    timeoutTitle: 'Gagal: waktu habis',
    outcomeText: {
      verified: (provider) => `${provider} telah memverifikasi identitas Anda.`,
      'verified-liveness': (provider) =>
        `${provider} memastikan swafoto Anda diambil dari orang sungguhan, secara langsung. Ini belum memverifikasi identitas Anda.`,
      'verified-document': (provider) => `${provider} dapat membaca KTP Anda. Ini belum memverifikasi identitas Anda.`,
      rejected: (provider) => `${provider} tidak dapat memverifikasi sebagian data Anda.`,
      pending: (provider) => `${provider} sedang memeriksa data Anda.`,
      failedRetryable: () => 'Verifikasi belum dapat diselesaikan saat ini.',
      timeout: () => 'Jawaban tidak datang tepat waktu. Data Anda mungkin masih diproses.',
      failed: () => 'Verifikasi tidak dapat diselesaikan dengan data ini.',
    },
    nextStep: {
      verified: () => 'Tidak ada lagi yang perlu Anda lakukan.',
      rejected: () => 'Perbaiki isian yang ditandai, lalu kirim lagi.',
      pending: () => 'Hasilnya akan muncul di sini. Anda tidak perlu mengirim lagi.',
      failedRetryable: (seconds) =>
        seconds === null ? 'Coba kirim lagi dalam beberapa saat.' : `Coba kirim lagi setelah ${seconds} detik.`,
      timeout: () => 'Tunggu beberapa menit sebelum mengirim lagi, agar data Anda tidak diproses dua kali.',
      failed: () => 'Periksa kembali data Anda. Jika semuanya sudah benar, hubungi layanan pelanggan.',
    },
    supportSummary: 'Rincian untuk layanan pelanggan',
    facts: {
      provider: 'Penyedia',
      endpoint: 'Layanan',
      httpStatus: 'Status HTTP',
      noAnswer: 'Tidak ada jawaban',
      providerCode: 'Kode penyedia',
      attempts: 'Percobaan',
      retryable: 'Permintaan yang sama dapat diulang',
      charged: 'Ditagih',
      retryAfter: 'Coba lagi setelah',
      seconds: (count) => `${count} detik`,
    },
    yes: 'Ya',
    no: 'Tidak',
    unknown: 'Tidak diketahui',
    dataSummary: 'Data dari penyedia',
    checkStatus: 'Periksa status',
    useSuggestion: (domain) => `Gunakan ${domain}`,
    footer1:
      'Demo ini mengirim ke sandbox lokal (kyc-precheck-sandbox) yang berperan sebagai server relay Anda: ia menambahkan kredensial penyedia, jadi halaman ini tidak pernah memegang kredensial.',
    footer2: 'Dibuat dengan kyc-precheck (Rust + WebAssembly).',
    engine: {
      worker:
        'Pemeriksaan dan penyesuaian foto serta penyusunan permintaan berjalan di Web Worker, jadi halaman tetap responsif.',
      main: 'Web Worker tidak dapat dijalankan; pemeriksaan berjalan di halaman ini.',
    },
    providers: {
      kredibel: 'Sertifikat elektronik: NIK, nama, tanggal lahir, email, nomor HP, swafoto dan foto KTP.',
      td: 'Mencocokkan NIK, nama dan nomor HP.',
      widekyc: 'Pilih layanan: deteksi keaktifan wajah, baca KTP, atau validasi data KTP.',
      oy: 'Verifikasi KTP dengan data terenkripsi; hasil akhirnya menyusul.',
      'quantum-elixir': 'Dipanggil dari server integrator, bukan dari formulir ini.',
    },
    endpoints: {
      'certificate-issuance': 'Penerbitan sertifikat elektronik',
      'id-verification': 'Verifikasi NIK, nama dan nomor HP',
      'passive-liveness': 'Deteksi keaktifan wajah (swafoto)',
      'id-recognize': 'Baca data KTP dari foto (OCR)',
      'id-validation': 'Validasi data KTP',
      'id-card': 'Verifikasi KTP dan swafoto',
      'phone-number': 'Verifikasi nomor HP',
      dukcapil: 'Hasil pencarian Dukcapil',
    },
  },
  en: {
    title: 'Identity verification',
    lead: 'Fill in your details as on your KTP. They are checked on this device before they are sent to the verification provider.',
    loading: 'Loading the checker…',
    loadingPhotos: 'Each field is checked as you type. The photo checker is still loading…',
    ready: 'Ready. Each field is checked as you type.',
    loadFailed:
      'The checker could not be loaded, perhaps because the connection dropped. What you filled in stays on this page. Check your internet connection, then try again.',
    photosLoadFailed:
      'The photo checker could not be loaded, perhaps because the connection dropped. Your details are still checked, and what you filled in stays on this page. Check your internet connection, then try again.',
    retry: 'Try again',
    summaryTitle: 'Please check the following',
    providerLegend: 'For developers: verification provider and sandbox',
    providerLabel: 'Provider',
    qeOption: 'Quantum Elixir (from a server)',
    endpointLabel: 'Service',
    sandboxLabel: 'Sandbox mode',
    sandboxHint: [
      'Accepts Kredibel’s test NIKs ',
      '1234567890111111',
      ' to ',
      '…119',
      ', each of which forces one rejection. For testing only.',
    ],
    oyNote:
      'Your details and photos are encrypted on this device with OY’s public key before they are sent. This demo takes the test key from the sandbox (/__sandbox/oy-public-key), which plays your relay server; a real app ships the public key OY gives it.',
    widekycNote:
      'The reference number is WideKYC’s cust_ref_no: your server makes one for each transaction; this demo fills it in. Sandbox test values for it: SPOOF, UNREADABLE, MISMATCH, QUOTA.',
    qeNote1:
      'Quantum Elixir’s Dukcapil endpoint takes the result of a Dukcapil lookup your server already made (customerId, valid, Dukcapil’s official photo), with your API key. It is called from the integrator’s server, never from the customer’s phone, so this form does not send it.',
    qeNote2:
      'Its checks are available on the server: buildRequest("quantum-elixir", "dukcapil", …) from the same package in Node, then readResponse to read the answer.',
    personalLegend: 'Personal details',
    optional: ' (optional)',
    nikLabel: 'NIK (national identity number)',
    nikHint: 'The 16 digits on your KTP.',
    nameLabel: 'Full name',
    nameHint: 'As written on your KTP.',
    birthDateLabel: 'Date of birth',
    birthDateHint: ['Day-month-year, for example ', '12-05-1990', '.'],
    birthDatePlaceholder: 'DD-MM-YYYY',
    birthPlaceLabel: 'Place of birth',
    birthPlaceHint: 'As on your KTP, for example Bandung.',
    emailLabel: 'Email',
    emailHint: ['For example ', 'name@example.co.id', '.'],
    phoneLabel: 'Phone number',
    phoneHint: ['For example ', '0812-3456-7890', ' or ', '+62 812-3456-7890', '.'],
    addressHomeLabel: 'Home address',
    addressHomeHint: 'As on your KTP: street, RT/RW, village, district, city.',
    addressBusinessLabel: 'Business address',
    addressBusinessHint: 'Where your business is.',
    custRefNoLabel: 'Reference number',
    custRefNoHint: 'The number of this application of yours. Already filled in; no need to change it.',
    photosLegend: 'Photos',
    selfieLabel: 'Selfie',
    selfieCardLabel: 'Selfie holding your KTP',
    idCardLabel: 'KTP photo',
    photoRule: ({ formats, minBytes, maxBytes, minWidth, minHeight }) => {
      const parts = [list(formats, 'en')];
      if (minBytes && maxBytes) {
        parts.push(`${minBytes} to ${maxBytes}`);
      } else if (maxBytes) {
        parts.push(`at most ${maxBytes}`);
      }
      if (minWidth && minHeight) {
        parts.push(`at least ${minWidth}\u00a0×\u00a0${minHeight} pixels (width\u00a0×\u00a0height)`);
      }
      return `${parts.join(', ')}. A photo too large or in another format is adjusted automatically on this device. On a phone, the camera opens directly.`;
    },
    previewOf: (label) => `Preview of the ${label.toLowerCase()}`,
    previewOfFitted: (label) => `Preview of the adjusted ${label.toLowerCase()}, the one that will be sent`,
    format: 'Format',
    fileSize: 'File size',
    dimensions: 'Dimensions',
    pixels: (width, height) => `${width}\u00a0×\u00a0${height} pixels`,
    rotated: ' (rotated as its EXIF says)',
    quality: 'Quality',
    qualityGood: 'Good: sharp, well lit, no glare',
    qualityWarnings: (count) => `${count} warning${count === 1 ? '' : 's'}, see below`,
    noPreview: 'No preview for this file.',
    checkingPhoto: 'Checking the photo…',
    fitting: (stage, encodes) =>
      `Adjusting the photo on this device${
        {
          decode: ': reading it',
          resize: ': resizing it',
          encode: `: saving it as a JPEG${encodes > 1 ? ` (attempt ${encodes})` : ''}`,
          verify: ': checking the result',
        }[stage] ?? ''
      }…`,
    fitActions: {
      convert: (format) => `converted from ${format} to JPEG`,
      upright: 'turned upright',
      shrink: 'made smaller',
      raise: 'saved again at a higher quality',
      reencode: 'saved again as a JPEG',
    },
    fitted: (actions, provider) =>
      `This photo was ${list(actions, 'en', { and: true })} on this device so that ${provider} accepts it.`,
    originalKept:
      'What is sent is the photo in this preview. Your original stays on this device, unchanged and not sent.',
    sentAsIs: (provider) => `This photo already meets ${provider}’s requirements and is sent as it is, unchanged.`,
    sentWithoutMetadata: (provider) =>
      `This photo already meets ${provider}’s requirements. The picture is sent unchanged; only its metadata (such as GPS location and camera details) is removed, for your privacy.`,
    submit: 'Send for verification',
    serverOnly: 'Not sent from a browser',
    checking: 'Checking your details…',
    sending: (provider) => `Sending to ${provider}…`,
    uploading: (sent, total) => `Uploading ${formatBytes(sent, 'en')} of ${formatBytes(total, 'en')}…`,
    awaitingAnswer: (provider) => `Sent. Waiting for ${provider}’s answer…`,
    retrying: (provider, seconds) =>
      `${provider} is busy; sending again in ${seconds} second${seconds === 1 ? '' : 's'}…`,
    refused: (count) => `Not sent: ${count} field${count === 1 ? '' : 's'} to correct.`,
    waitingStatus: (provider) => `Waiting for ${provider}’s result…`,
    sent: 'Sent. This button works again once you change something in the form.',
    keyFailed: 'OY’s public key could not be loaded, so nothing can be encrypted. Try reloading the page.',
    unexpected: (message) => `Something went wrong on this page: ${message}`,
    nikValid: 'This NIK is valid.',
    nikSandbox: 'A Kredibel sandbox test NIK.',
    phoneValid: 'This mobile number is valid.',
    province: 'Province',
    birthDate: 'Date of birth',
    gender: 'Sex',
    male: 'Male',
    female: 'Female',
    e164: 'International format',
    national: 'National format',
    operator: 'Operator',
    unknownOperator: 'Unknown',
    error: 'Error',
    warning: 'Warning',
    answer: 'Provider’s answer',
    outcome: {
      verified: 'Verified',
      rejected: 'Rejected',
      pending: 'Being processed',
      failed: 'Failed',
    },
    timeoutTitle: 'Failed: timed out',
    outcomeText: {
      verified: (provider) => `${provider} has verified your identity.`,
      'verified-liveness': (provider) =>
        `${provider} confirmed that your selfie was taken of a live person, on the spot. This does not verify your identity yet.`,
      'verified-document': (provider) => `${provider} could read your KTP. This does not verify your identity yet.`,
      rejected: (provider) => `${provider} could not verify some of your details.`,
      pending: (provider) => `${provider} is checking your details.`,
      failedRetryable: () => 'The verification could not be completed just now.',
      timeout: () => 'No answer came in time. Your details may still be being processed.',
      failed: () => 'The verification cannot be completed with these details.',
    },
    nextStep: {
      verified: () => 'There is nothing more you need to do.',
      rejected: () => 'Correct the marked fields, then send again.',
      pending: () => 'The result will appear here. You do not need to send again.',
      failedRetryable: (seconds) =>
        seconds === null ? 'Try sending again in a moment.' : `Try sending again after ${seconds} second${seconds === 1 ? '' : 's'}.`,
      timeout: () => 'Wait a few minutes before sending again, so that your details are not processed twice.',
      failed: () => 'Check your details again. If they are all correct, contact customer support.',
    },
    supportSummary: 'Details for customer support',
    facts: {
      provider: 'Provider',
      endpoint: 'Service',
      httpStatus: 'HTTP status',
      noAnswer: 'No answer',
      providerCode: 'Provider code',
      attempts: 'Attempts',
      retryable: 'The same request can be repeated',
      charged: 'Billed',
      retryAfter: 'Retry after',
      seconds: (count) => `${count} second${count === 1 ? '' : 's'}`,
    },
    yes: 'Yes',
    no: 'No',
    unknown: 'Unknown',
    dataSummary: 'Data from the provider',
    checkStatus: 'Check the status',
    useSuggestion: (domain) => `Use ${domain}`,
    footer1:
      'This demo sends to a local sandbox (kyc-precheck-sandbox) that plays your relay server: it adds the provider’s credentials, so this page never holds one.',
    footer2: 'Made with kyc-precheck (Rust + WebAssembly).',
    engine: {
      worker: 'Photo checks and fits and request building run in a Web Worker, so the page stays responsive.',
      main: 'The Web Worker could not start; the checks run on this page.',
    },
    providers: {
      kredibel: 'Electronic certificate: NIK, name, date of birth, email, mobile number, selfie and KTP photo.',
      td: 'Matches the NIK, name and mobile number.',
      widekyc: 'Choose a service: face liveness, reading the KTP, or validating the KTP details.',
      oy: 'KTP verification with encrypted details; the final result follows.',
      'quantum-elixir': 'Called from the integrator’s server, not from this form.',
    },
    endpoints: {
      'certificate-issuance': 'Electronic certificate issuance',
      'id-verification': 'NIK, name and mobile number check',
      'passive-liveness': 'Face liveness (selfie)',
      'id-recognize': 'Read the KTP from its photo (OCR)',
      'id-validation': 'KTP details validation',
      'id-card': 'KTP and selfie verification',
      'phone-number': 'Mobile number verification',
      dukcapil: 'Dukcapil lookup result',
    },
  },
};

/** The providers' names as the page shows them. */
export const PROVIDER_NAMES = {
  kredibel: 'Kredibel',
  td: 'TD',
  widekyc: 'WideKYC',
  oy: 'OY!',
  'quantum-elixir': 'Quantum Elixir',
};
